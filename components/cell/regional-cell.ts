import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ScheduledCapacity } from "../../capacity/schedule";
import { NatStrategy, WebServiceConfig } from "../../config/cell";
import { CellCluster } from "./cluster";
import { CellIngress } from "./ingress";
import { CellNetwork } from "./network";
import { ServiceScaling } from "./service-scaling";
import { WebService } from "./web-service";

export interface RegionalCellArgs {
  /** Short app name, used in physical name prefixes. */
  app: string;
  /** The cell's region; must match the provider the cell is created with. */
  region: string;
  /** AZs the cell spans (a plain list: it decides how many subnets exist). */
  availabilityZones: string[];
  /** The VPC's IPv4 block; must not overlap another cell's. */
  cidr: string;
  /**
   * NAT gateways per AZ or a single one.
   * @default "OnePerAz"
   */
  natStrategy?: NatStrategy;
  /**
   * Interface endpoints for ECR, CloudWatch Logs and Secrets Manager.
   * @default true
   */
  interfaceEndpoints?: boolean;
  /**
   * Days to keep VPC flow logs.
   * @default 90
   */
  flowLogRetentionDays?: number;
  /**
   * Days to keep application logs.
   * @default 30
   */
  logRetentionDays?: number;
  /** Public apex domain; the cell serves `origin.<domain>`. */
  domain: string;
  /** Hosted zone of `domain`. */
  hostedZoneId: string;
  /** Value CloudFront sends in the origin-verify header (the primary generates it, the others reference it). */
  originVerifySecret: pulumi.Input<string>;
  /**
   * Deletion protection on the load balancer.
   * @default true
   */
  deletionProtection?: boolean;
  /** The web service's size and scaling bounds. */
  web: WebServiceConfig;
  /**
   * Follow-the-sun actions for the web service (from `followTheSunSchedule`).
   * @default []
   */
  webSchedule?: ScheduledCapacity[];
}

/**
 * One region's complete, independent slice of the storefront: network, load balancer,
 * cluster and web service with demand and follow-the-sun scaling. Create one per region
 * stack, through a provider for that region.
 *
 * Cost (us-east-1, before traffic, with the defaults): NAT gateways about $99/month,
 * interface endpoints about $88/month, ALB about $16/month, and the web floor of
 * `web.minTasks` tasks at about $29/month each for 1 vCPU / 2 GB on ARM.
 */
export class RegionalCell extends pulumi.ComponentResource {
  readonly region: string;
  readonly vpcId: pulumi.Output<string>;
  readonly vpcCidr: string;
  readonly albDnsName: pulumi.Output<string>;
  readonly albZoneId: pulumi.Output<string>;
  readonly originHostName: string;
  readonly clusterName: pulumi.Output<string>;
  readonly webServiceName: pulumi.Output<string>;

  constructor(name: string, args: RegionalCellArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:cell:RegionalCell", name, {}, opts);
    if (args.web.peakMinTasks < args.web.minTasks || args.web.maxTasks < args.web.peakMinTasks) {
      throw new Error(`RegionalCell ${name}: need web.minTasks <= web.peakMinTasks <= web.maxTasks`);
    }
    const originHostName = `origin.${args.domain}`;
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

    const network = new CellNetwork(
      `${name}-network`,
      {
        region: args.region,
        accountId,
        cidr: args.cidr,
        availabilityZones: args.availabilityZones,
        natStrategy: args.natStrategy,
        interfaceEndpoints: args.interfaceEndpoints,
        flowLogRetentionDays: args.flowLogRetentionDays,
      },
      { parent: this },
    );
    const ingress = new CellIngress(
      `${name}-ingress`,
      {
        app: args.app,
        region: args.region,
        accountId,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        originHostName,
        hostedZoneId: args.hostedZoneId,
        originVerifySecret: args.originVerifySecret,
        deletionProtection: args.deletionProtection,
      },
      { parent: this },
    );
    const cluster = new CellCluster(`${name}-cluster`, {}, { parent: this });
    const web = new WebService(
      `${name}-web`,
      {
        accountId,
        region: args.region,
        clusterArn: cluster.clusterArn,
        clusterReady: [cluster.capacityProviders],
        vpcId: network.vpcId,
        subnetIds: network.privateSubnetIds,
        loadBalancer: {
          listenerArn: ingress.httpsListenerArn,
          securityGroupId: ingress.securityGroupId,
          conditions: ingress.forwardConditions,
        },
        image: args.web.image,
        cpu: args.web.cpu,
        memory: args.web.memory,
        port: args.web.port,
        healthCheckPath: args.web.healthCheckPath,
        initialTaskCount: args.web.minTasks,
        onDemandBase: args.web.minTasks,
        spotPercent: args.web.spotPercent,
        logRetentionDays: args.logRetentionDays,
        environment: { AWS_REGION: args.region, STOREFRONT_CELL: args.region, PUBLIC_HOST: args.domain },
      },
      { parent: this },
    );
    new ServiceScaling(
      `${name}-web-scaling`,
      {
        clusterName: cluster.clusterName,
        serviceName: web.serviceName,
        minCapacity: args.web.minTasks,
        maxCapacity: args.web.maxTasks,
        schedule: args.webSchedule,
        requestsPerTarget: {
          resourceLabel: pulumi.interpolate`${ingress.loadBalancerArnSuffix}/${web.targetGroupArnSuffix}`,
          target: args.web.requestsPerTarget,
        },
        cpuTargetPercent: args.web.cpuTargetPercent,
      },
      { parent: this },
    );

    this.region = args.region;
    this.vpcId = network.vpcId;
    this.vpcCidr = args.cidr;
    this.albDnsName = ingress.dnsName;
    this.albZoneId = ingress.zoneId;
    this.originHostName = originHostName;
    this.clusterName = cluster.clusterName;
    this.webServiceName = web.serviceName;
    this.registerOutputs({
      vpcId: this.vpcId,
      albDnsName: this.albDnsName,
      albZoneId: this.albZoneId,
      clusterName: this.clusterName,
      webServiceName: this.webServiceName,
    });
  }
}

import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { planSubnets, SubnetLayout } from "../../network/cidr";
import { serviceAssumeRolePolicy } from "../common/iam";

/** The aws provider this component inherited, to hand on explicitly to remote components. */
function inheritedProviders(component: pulumi.ComponentResource): pulumi.ProviderResource[] {
  const provider = component.getProvider("aws::");
  return provider ? [provider] : [];
}

/** Interface endpoints that keep log writes and secret reads off the NAT gateways. */
export const INTERFACE_ENDPOINT_SERVICES = ["logs", "secretsmanager"] as const;
/**
 * Interface endpoints that keep pulls from private ECR repositories off the NAT gateways
 * (the image layers themselves come from S3, through the free gateway endpoint). They do
 * not serve `public.ecr.aws` or any other registry.
 */
export const ECR_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr"] as const;

/** The interface endpoints a cell needs: ECR's only when some task pulls from a private ECR repository. */
export function interfaceEndpointServices(privateEcrPulls: boolean): string[] {
  return [...(privateEcrPulls ? ECR_ENDPOINT_SERVICES : []), ...INTERFACE_ENDPOINT_SERVICES];
}

export interface NetworkArgs {
  /** Region of the cell; names the endpoint services. */
  region: string;
  /** Account that owns the VPC; scopes the flow-log role's trust to it. */
  accountId: pulumi.Input<string>;
  /** The VPC's IPv4 block (a /16../20 RFC 1918 range). */
  cidr: string;
  /**
   * AZ names the subnets span. A plain list, since it decides how many subnets exist.
   * Pinned names keep the layout stable if AWS changes which AZs an account sees first.
   */
  availabilityZones: string[];
  /**
   * `OnePerAz` keeps egress up when one AZ fails; `Single` saves two NAT gateways' hours.
   */
  natStrategy: "OnePerAz" | "Single";
  /**
   * Interface endpoints for CloudWatch Logs and Secrets Manager (and ECR, see
   * `privateEcrPulls`) in the private subnets. They cost per AZ-hour and save NAT data
   * processing per GB.
   */
  interfaceEndpoints: boolean;
  /**
   * Whether any task pulls its image from a private ECR repository: only then do ECR's
   * interface endpoints serve anything, so only then are they created (with `interfaceEndpoints`).
   */
  privateEcrPulls: boolean;
  /**
   * Days to keep VPC flow logs.
   */
  flowLogRetentionDays: number;
}

/**
 * The cell's network: a VPC over the given AZs with three subnet tiers (public for the load
 * balancer and NAT, private for tasks, isolated for data stores), NAT, flow logs, a default
 * security group stripped of its rules, the S3 gateway endpoint and optional interface
 * endpoints (ECR's only for private ECR images).
 *
 * Cost: each NAT gateway about $0.045/h plus $0.045/GB processed (us-east-1), so three
 * gateways run about $99/month before traffic; interface endpoints about $0.01/h per
 * endpoint per AZ ($44/month for Logs and Secrets Manager in three AZs, $88/month with
 * ECR's two) plus $0.01/GB. The S3 gateway endpoint is free.
 */
export class Network extends pulumi.ComponentResource {
  /** The VPC's id. */
  readonly vpcId: pulumi.Output<string>;
  /** The VPC's IPv4 block. */
  readonly cidr: string;
  /** The AZs the subnets span, in subnet order. */
  readonly availabilityZones: string[];
  /** The planned subnet blocks per tier and AZ. */
  readonly layout: SubnetLayout;
  readonly publicSubnetIds: pulumi.Output<string[]>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  readonly isolatedSubnetIds: pulumi.Output<string[]>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:cell:Network", name, {}, opts);
    if (new Set(args.availabilityZones).size !== args.availabilityZones.length) {
      throw new Error(`Network ${name}: availabilityZones repeats a zone: ${args.availabilityZones.join(", ")}`);
    }
    // planSubnets refuses AZ counts and VPC sizes the layout cannot hold.
    const layout = planSubnets(args.cidr, args.availabilityZones.length);

    const vpc = new awsx.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: args.cidr,
        availabilityZoneNames: args.availabilityZones,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        // Explicit blocks computed by planSubnets, so the layout is reviewed in code and
        // never shifts when awsx changes its defaults.
        subnetStrategy: awsx.ec2.SubnetAllocationStrategy.Auto,
        subnetSpecs: [
          { type: awsx.ec2.SubnetType.Private, name: "private", cidrBlocks: layout.private },
          { type: awsx.ec2.SubnetType.Isolated, name: "isolated", cidrBlocks: layout.isolated },
          { type: awsx.ec2.SubnetType.Public, name: "public", cidrBlocks: layout.public },
        ],
        subnetNameTagStrategy: awsx.ec2.SubnetNameTagStrategy.AvailabilityZone,
        natGateways: { strategy: args.natStrategy },
        // The gateway endpoint is free and keeps S3 traffic off NAT; "Auto" attaches it to
        // the VPC's own route tables.
        vpcEndpointStrategy: awsx.ec2.VpcEndpointStrategy.Auto,
        vpcEndpointSpecs: [{ serviceName: `com.amazonaws.${args.region}.s3`, vpcEndpointType: "Gateway" }],
      },
      // awsx's VPC is a remote component: it does not inherit providers from its parent,
      // so without this its subnets, NAT gateways and routes would go through the default
      // provider, without the cell's default tags (and with whatever region that has).
      { parent: this, providers: inheritedProviders(this) },
    );

    // EC2.2: the default group must carry no rules, so nothing falls back to "allow all
    // within the group" by accident. Adopting it with no rules removes AWS's defaults.
    new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.vpcId }, { parent: this });

    this.createFlowLogs(name, vpc.vpcId, args.accountId, args.flowLogRetentionDays);
    if (args.interfaceEndpoints) {
      this.createInterfaceEndpoints(name, args, vpc.vpcId, vpc.privateSubnetIds);
    }

    this.vpcId = vpc.vpcId;
    this.cidr = args.cidr;
    this.availabilityZones = args.availabilityZones;
    this.layout = layout;
    this.publicSubnetIds = vpc.publicSubnetIds;
    this.privateSubnetIds = vpc.privateSubnetIds;
    this.isolatedSubnetIds = vpc.isolatedSubnetIds;
    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      isolatedSubnetIds: this.isolatedSubnetIds,
    });
  }

  private createFlowLogs(
    name: string,
    vpcId: pulumi.Output<string>,
    accountId: pulumi.Input<string>,
    retentionDays: number,
  ): void {
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-flow-logs`,
      { retentionInDays: retentionDays },
      { parent: this },
    );
    const role = new aws.iam.Role(
      `${name}-flow-logs`,
      {
        description: "Lets VPC Flow Logs write this cell's flow logs to CloudWatch Logs",
        assumeRolePolicy: serviceAssumeRolePolicy("vpc-flow-logs.amazonaws.com", accountId),
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${name}-flow-logs`,
      {
        role: role.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
              Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
            },
          ],
        }),
      },
      { parent: this },
    );
    new aws.ec2.FlowLog(
      `${name}-flow-log`,
      {
        vpcId,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: logGroup.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
      },
      { parent: this },
    );
  }

  private createInterfaceEndpoints(
    name: string,
    args: NetworkArgs,
    vpcId: pulumi.Output<string>,
    subnetIds: pulumi.Output<string[]>,
  ): void {
    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-endpoints`,
      { vpcId, description: "HTTPS from inside the VPC to the interface endpoints" },
      { parent: this },
    );
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-endpoints-https`,
      {
        securityGroupId: securityGroup.id,
        description: "HTTPS from the VPC",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: args.cidr,
      },
      { parent: this },
    );
    for (const service of interfaceEndpointServices(args.privateEcrPulls)) {
      new aws.ec2.VpcEndpoint(
        `${name}-${service.replace(".", "-")}`,
        {
          vpcId,
          serviceName: `com.amazonaws.${args.region}.${service}`,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds,
          securityGroupIds: [securityGroup.id],
        },
        { parent: this },
      );
    }
  }
}

import { strict as assert } from "node:assert";
import { loadStackConfig } from "../config/files";
import { isPrivateEcrImage } from "../components/common/ecr-image";
import { planSubnets } from "../network/cidr";
import { mockAvailabilityZones } from "../offline/mock-cloud";
import {
  cellConfigOf,
  primaryCellStack,
  deployOrder,
  evaluateAllStacks,
  evaluateStack,
  StackEvaluation,
  stackSuite,
} from "./support/evaluate";

describe("cell network", () => {
  const suite = stackSuite();

  it("evaluates every stack file, the primary cell first", () => {
    assert.deepEqual(
      suite.all().map((s) => s.stack),
      deployOrder(),
    );
    const [first] = suite.all();
    assert.ok(first, "no stack evaluated");
    assert.equal(cellConfigOf(first.stack).isPrimary, true, `${first.stack} is evaluated first but is not the primary`);
    assert.equal(first.outputs.isPrimary, true);
  });

  suite.eachStack(({ stack, evaluation, config }) => {
    it("builds one awsx VPC from the stack's CIDR over azCount AZs of its region", () => {
      const vpc = evaluation().cloud.one("awsx:ec2:Vpc");
      assert.equal(vpc.inputs.cidrBlock, config.cidr);
      assert.equal(vpc.inputs.availabilityZoneNames.length, config.azCount);
      assert.equal(new Set(vpc.inputs.availabilityZoneNames).size, config.azCount);
      for (const zone of vpc.inputs.availabilityZoneNames) assert.match(zone, new RegExp(`^${stack}[a-z]$`));
      assert.equal(vpc.inputs.enableDnsHostnames, true);
    });

    it("lays out public, private and isolated subnets exactly as planSubnets computes them", () => {
      const vpc = evaluation().cloud.one("awsx:ec2:Vpc");
      const layout = planSubnets(config.cidr, config.azCount);
      const byType = Object.fromEntries(vpc.inputs.subnetSpecs.map((spec: any) => [spec.type, spec.cidrBlocks]));
      assert.deepEqual(byType, { Public: layout.public, Private: layout.private, Isolated: layout.isolated });
      assert.equal(vpc.inputs.subnetStrategy, "Auto");
    });

    it("places NAT gateways as natStrategy says and the free S3 gateway endpoint on the VPC", () => {
      const vpc = evaluation().cloud.one("awsx:ec2:Vpc");
      assert.deepEqual(vpc.inputs.natGateways, { strategy: config.natStrategy });
      assert.deepEqual(vpc.inputs.vpcEndpointSpecs, [
        { serviceName: `com.amazonaws.${stack}.s3`, vpcEndpointType: "Gateway" },
      ]);
      assert.equal(vpc.inputs.vpcEndpointStrategy, "Auto");
    });

    it("hands the cell's provider to the awsx VPC explicitly (remote components do not inherit it)", () => {
      const vpc = evaluation().cloud.one("awsx:ec2:Vpc");
      assert.match(vpc.provider, new RegExp(`::pulumi:providers:aws::aws-${stack}::`));
      assert.equal(vpc.region, stack);
    });

    it("sends all VPC traffic to flow logs in CloudWatch with the configured retention", () => {
      const { cloud } = evaluation();
      const flowLog = cloud.one("aws:ec2/flowLog:FlowLog");
      const group = cloud.one("aws:cloudwatch/logGroup:LogGroup", "flow-logs");
      assert.equal(flowLog.inputs.trafficType, "ALL");
      assert.equal(flowLog.inputs.logDestinationType, "cloud-watch-logs");
      assert.equal(flowLog.inputs.logDestination, group.state.arn);
      assert.equal(flowLog.inputs.vpcId, cloud.one("awsx:ec2:Vpc").state.vpcId);
      assert.equal(group.inputs.retentionInDays, config.flowLogRetentionDays);
      const role = cloud.one("aws:iam/role:Role", "flow-logs");
      assert.equal(flowLog.inputs.iamRoleArn, role.state.arn);
      const trust = JSON.parse(role.inputs.assumeRolePolicy);
      assert.deepEqual(trust.Statement[0].Principal, { Service: "vpc-flow-logs.amazonaws.com" });
      assert.ok(trust.Statement[0].Condition.StringEquals["aws:SourceAccount"]);
    });

    it("strips every rule from the VPC's default security group", () => {
      const group = evaluation().cloud.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
      assert.equal(group.inputs.ingress, undefined);
      assert.equal(group.inputs.egress, undefined);
    });

    it("creates private-DNS interface endpoints for Logs and Secrets Manager in the private subnets, and ECR's only for private ECR images", () => {
      const { cloud } = evaluation();
      const endpoints = cloud.ofType("aws:ec2/vpcEndpoint:VpcEndpoint");
      const images = [config.web.image, config.background.worker.image, ...config.background.jobs.map((j) => j.image)];
      const privateEcr = images.some(isPrivateEcrImage);
      assert.deepEqual(
        endpoints.map((e) => e.inputs.serviceName).sort(),
        [...(privateEcr ? ["ecr.api", "ecr.dkr"] : []), "logs", "secretsmanager"].map(
          (s) => `com.amazonaws.${stack}.${s}`,
        ),
      );
      const privateSubnets = cloud.one("awsx:ec2:Vpc").state.privateSubnetIds;
      const group = cloud.one("aws:ec2/securityGroup:SecurityGroup", "endpoints");
      for (const endpoint of endpoints) {
        assert.equal(endpoint.inputs.vpcEndpointType, "Interface");
        assert.equal(endpoint.inputs.privateDnsEnabled, true);
        assert.deepEqual(endpoint.inputs.subnetIds, privateSubnets);
        assert.deepEqual(endpoint.inputs.securityGroupIds, [group.id]);
      }
      const https = cloud.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "endpoints-https");
      assert.equal(https.inputs.cidrIpv4, config.cidr);
      assert.equal(https.inputs.fromPort, 443);
    });
  });

  describe("switches: NAT, endpoints, pinned zones, autoshift", () => {
    let variant: StackEvaluation;
    const primary = primaryCellStack();
    const primaryCidr = (): string => cellConfigOf(primary).cidr;
    before(async () => {
      const upstream = await evaluateAllStacks();
      variant = await evaluateStack(primary, {
        upstream,
        raw: {
          ...loadStackConfig(primary),
          "storefront:natStrategy": "Single",
          "storefront:interfaceEndpoints": "false",
          "storefront:availabilityZones": JSON.stringify([`${primary}b`, `${primary}c`]),
          "storefront:azCount": "2",
          "storefront:zonalAutoshift": "false",
        },
      });
    });

    it("uses a single NAT gateway when natStrategy is Single", () => {
      assert.deepEqual(variant.cloud.one("awsx:ec2:Vpc").inputs.natGateways, { strategy: "Single" });
    });

    it("creates no interface endpoints (and no endpoint security group) when they are switched off", () => {
      assert.equal(variant.cloud.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").length, 0);
      assert.equal(variant.cloud.resources.filter((r) => r.name.endsWith("-endpoints")).length, 0);
    });

    it("uses the pinned AZs, and sizes the subnet plan to their count", () => {
      const vpc = variant.cloud.one("awsx:ec2:Vpc");
      assert.deepEqual(vpc.inputs.availabilityZoneNames, [`${primary}b`, `${primary}c`]);
      const privateSpec = vpc.inputs.subnetSpecs.find((s: any) => s.type === "Private");
      assert.deepEqual(privateSpec.cidrBlocks, planSubnets(primaryCidr(), 2).private);
      assert.deepEqual(variant.outputs.availabilityZones, [`${primary}b`, `${primary}c`]);
      // Pinned names are still looked up once, to report (and check) the zones' IDs.
      assert.equal(
        variant.cloud.invokes.filter((i) => i.token === "aws:index/getAvailabilityZones:getAvailabilityZones").length,
        1,
      );
      const zones = mockAvailabilityZones(primary);
      const idOf = (name: string) => zones.zoneIds[zones.names.indexOf(name)];
      assert.deepEqual(variant.outputs.availabilityZoneIds, [idOf(`${primary}b`), idOf(`${primary}c`)]);
    });

    it("with zonalAutoshift false, configures no autoshift and leaves zonal shift off on the load balancer", () => {
      assert.equal(
        variant.cloud.ofType("aws:arczonalshift/zonalAutoshiftConfiguration:ZonalAutoshiftConfiguration").length,
        0,
      );
      assert.equal(variant.cloud.one("aws:lb/loadBalancer:LoadBalancer").inputs.enableZonalShift, false);
    });
  });
});

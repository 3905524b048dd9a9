/**
 * An in-memory stand-in for the Pulumi engine and AWS, for evaluating the real program
 * offline. It records every resource registration with the options the engine would
 * receive (protect, ignoreChanges, retainOnDelete, timeouts, dependencies), answers the
 * invokes the program makes, and records any invoke it does not know, so a test can fail
 * on it instead of the program hanging on a thrown error.
 */
import * as pulumi from "@pulumi/pulumi";
import { zoneIdPrefix } from "../network/zones";

export const MOCK_ACCOUNT_ID = "123456789012";

/** Hosted zone ids AWS uses for ALB alias targets, per region (a subset, enough for tests). */
const ALB_ZONE_IDS: Record<string, string> = {
  "us-east-1": "Z35SXDOTRQ7X7K",
  "us-west-2": "Z1H1FL5HABSF5",
  "eu-west-1": "Z32O12XQLNTSW2",
  "eu-central-1": "Z215JYRZR1TBD5",
  "ap-southeast-2": "Z1GM3OXH4ZPM65",
  "ap-northeast-1": "Z14GRHDCWA56QT",
};

/** The hosted zone id of every CloudFront distribution's domain name, for alias records. */
export const CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";

/** A CloudFront-shaped distribution id (`E` and 13 characters), stable for a logical name. */
function distributionId(name: string): string {
  let hash = 2166136261;
  let token = "";
  while (token.length < 13) {
    for (const char of `${name}${token.length}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    token += hash.toString(36).toUpperCase();
  }
  return `E${token.slice(0, 13)}`;
}

export interface RecordedResource {
  urn: string;
  /** The physical id the mock gave it. */
  id: string;
  type: string;
  name: string;
  /** False for component resources. */
  custom: boolean;
  /** Type of the direct parent ("" for a resource without a parent). */
  parentType: string;
  /** URN of the direct parent as the mocks name it ("" for a resource without a parent). */
  parentUrn: string;
  /** The aliases the resource was registered with, as the engine receives them. */
  aliases: RecordedAlias[];
  inputs: Record<string, any>;
  /** What the mock returned as the resource's outputs. */
  state: Record<string, any>;
  /** Region of the explicit provider the resource (or its component) was registered with. */
  region?: string;
  /**
   * The aws provider reference: a custom resource's own, or the one a component was handed
   * explicitly (remote components such as awsx only get providers passed this way).
   * Default providers carry `default` in their URN.
   */
  provider: string;
  protect: boolean;
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
  ignoreChanges: string[];
  customTimeouts?: { create: string; update: string; delete: string };
  /** URNs this resource depends on (dependsOn and the resources its inputs came from). */
  dependsOn: string[];
  /** For each input, the URNs of the resources its value came from. */
  propertyDependencies: Record<string, string[]>;
  additionalSecretOutputs: string[];
}

/**
 * One alias of a registration: the URN the resource may have had before, given by its parts
 * (each empty when it is the resource's own) or as a whole URN.
 */
export interface RecordedAlias {
  urn?: string;
  name?: string;
  type?: string;
  /** The alias's parent URN (as the mocks name it); "" when the alias keeps the resource's parent. */
  parentUrn?: string;
  noParent?: boolean;
}

interface AliasMessage {
  getUrn(): string;
  hasSpec(): boolean;
  getSpec(): { getName(): string; getType(): string; getParenturn(): string; getNoparent(): boolean } | undefined;
}

/** The engine request for a registration (RegisterResourceRequest) or a read (ReadResourceRequest, which lacks the options). */
interface Registration {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getDependenciesList(): string[];
  getCustom?(): boolean;
  getProvidersMap?(): { toObject(): [string, string][] };
  getProtect?(): boolean | undefined;
  getRetainondelete?(): boolean | undefined;
  getDeletebeforereplace?(): boolean;
  getIgnorechangesList?(): string[];
  getAliasesList?(): AliasMessage[];
  getCustomtimeouts?(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
  getPropertydependenciesMap?(): { forEach(each: (value: { getUrnsList(): string[] }, key: string) => void): void };
  getAdditionalsecretoutputsList?(): string[];
}

type Callback = (error: unknown, response: { getUrn(): string; getId?(): string } | undefined) => void;

/**
 * Four zones per region, with IDs in the region's real form (`use1-az3`) that, as in a real
 * account, do not follow the names' order: a, b, c, d are az3, az4, az1, az2. A program that
 * took names for IDs, or the first names for the first IDs, picks other zones than it means.
 * Honours `excludeNames` and `excludeZoneIds` as AWS does.
 */
export function mockAvailabilityZones(
  region: string,
  inputs: { excludeNames?: string[]; excludeZoneIds?: string[] } = {},
): { names: string[]; zoneIds: string[]; id: string } {
  const prefix = zoneIdPrefix(region) ?? region;
  const zones = ["a", "b", "c", "d"].map((letter, i) => ({
    name: `${region}${letter}`,
    zoneId: `${prefix}-az${((i + 2) % 4) + 1}`,
  }));
  const kept = zones.filter(
    (zone) => !inputs.excludeNames?.includes(zone.name) && !inputs.excludeZoneIds?.includes(zone.zoneId),
  );
  return { names: kept.map((z) => z.name), zoneIds: kept.map((z) => z.zoneId), id: region };
}

export class MockCloud implements pulumi.runtime.Mocks {
  /** Every registration, in order. */
  readonly resources: RecordedResource[] = [];
  /** Invokes the mocks do not answer; a passing test expects none. */
  readonly unknownInvokes: string[] = [];
  /** Problems the mocks met (a stack reference to an unknown stack, ...). */
  readonly errors: string[] = [];
  /** Tokens of every invoke made, for coverage checks. */
  readonly invokes: { token: string; inputs: Record<string, any>; region?: string; result?: Record<string, any> }[] =
    [];
  /** Outputs of other stacks, by fully qualified stack name, for StackReference. */
  readonly stackOutputs = new Map<string, Record<string, unknown>>();

  /** What newResource saw and returned, by type and name, until the registration's URN arrives. */
  private readonly pending = new Map<string, { inputs: Record<string, any>; state: Record<string, any> }[]>();
  private readonly providerRegions = new Map<string, string>();
  /** Region switch plans' inputs by ARN, to answer the health checks a plan's Route 53 steps create. */
  private readonly plans = new Map<string, Record<string, any>>();

  /** Installs these mocks as the process-wide engine for `stack` of project `storefront`. */
  async install(stack: string): Promise<void> {
    await pulumi.runtime.setMocks(this, "storefront", stack, false, "organization");
    type Handler = (req: Registration, callback: Callback) => Promise<void>;
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: Handler; readResource: Handler };
    // Resources are registered; stack references (and other reads) are read.
    for (const method of ["registerResource", "readResource"] as const) {
      const original = monitor[method].bind(monitor);
      monitor[method] = (req, callback) =>
        original(req, (error, response) => {
          if (!error && response) this.record(req, response.getUrn(), response.getId?.() ?? "");
          callback(error, response);
        });
    }
  }

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
    const region = this.regionOf(args.provider);
    if (args.type === "pulumi:providers:aws") this.providerRegions.set(args.name, args.inputs.region);
    const state = { ...args.inputs, ...this.computed(args.type, args.name, args.inputs, region) };
    if (args.type === "aws:arcregionswitch/plan:Plan") this.plans.set(state.arn, args.inputs);
    const key = `${args.type}::${args.name}`;
    this.pending.set(key, [...(this.pending.get(key) ?? []), { inputs: args.inputs, state }]);
    return { id: this.idOf(args.type, args.name, args.inputs, region), state };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
    const region = this.regionOf(args.provider);
    this.invokes.push({ token: args.token, inputs: args.inputs, region });
    switch (args.token) {
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return {
          accountId: MOCK_ACCOUNT_ID,
          arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/ci`,
          userId: "AIDAEXAMPLE",
          id: MOCK_ACCOUNT_ID,
        };
      case "aws:index/getAvailabilityZones:getAvailabilityZones":
        return mockAvailabilityZones(region ?? "us-east-1", args.inputs);
      case "aws:ec2/getManagedPrefixList:getManagedPrefixList":
        if (args.inputs.name === "com.amazonaws.global.cloudfront.origin-facing") {
          return { id: "pl-3b927c52", name: args.inputs.name, addressFamily: "IPv4", maxEntries: 55 };
        }
        break;
      case "aws:arcregionswitch/getRoute53HealthChecks:getRoute53HealthChecks": {
        const plan = this.plans.get(args.inputs.planArn);
        if (!plan) break;
        const result = {
          planArn: args.inputs.planArn,
          region: region ?? "us-east-1",
          healthChecks: planHealthChecks(plan),
        };
        // Kept with the invoke, so a test can compare what the program did with what it was told.
        this.invokes[this.invokes.length - 1].result = result;
        return result;
      }
    }
    this.unknownInvokes.push(`${args.token} ${JSON.stringify(args.inputs)}`);
    return {};
  }

  /** Resources of one type (custom and component), in registration order. */
  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The single resource of `type` whose logical name ends with `suffix`; fails otherwise. */
  one(type: string, suffix = ""): RecordedResource {
    const matches = this.ofType(type).filter((r) => r.name.endsWith(suffix));
    if (matches.length !== 1) {
      throw new Error(
        `expected one ${type} named *${suffix}, found ${matches.length}: ${matches.map((m) => m.name).join(", ")}`,
      );
    }
    return matches[0];
  }

  private record(req: Registration, urn: string, id: string): void {
    const key = `${req.getType()}::${req.getName()}`;
    const { inputs, state } = this.pending.get(key)?.shift() ?? { inputs: {}, state: {} };
    const parent = req.getParent();
    const timeouts = req.getCustomtimeouts?.();
    const providers = Object.fromEntries(req.getProvidersMap?.().toObject() ?? []);
    const provider = req.getProvider() || providers.aws || "";
    this.resources.push({
      urn,
      id,
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom?.() ?? true,
      parentType: parent ? ((parent.split("::")[2] ?? "").split("$").pop() ?? "") : "",
      parentUrn: parent,
      aliases: (req.getAliasesList?.() ?? []).map(recordedAlias),
      inputs,
      state,
      region: this.regionOf(provider),
      provider,
      protect: req.getProtect?.() === true,
      retainOnDelete: req.getRetainondelete?.() === true,
      deleteBeforeReplace: req.getDeletebeforereplace?.() === true,
      ignoreChanges: req.getIgnorechangesList?.() ?? [],
      customTimeouts: timeouts
        ? { create: timeouts.getCreate(), update: timeouts.getUpdate(), delete: timeouts.getDelete() }
        : undefined,
      dependsOn: req.getDependenciesList(),
      propertyDependencies: this.propertyDependenciesOf(req),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList?.() ?? [],
    });
  }

  private propertyDependenciesOf(req: Registration): Record<string, string[]> {
    const dependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap?.().forEach((value, key) => (dependencies[key] = value.getUrnsList()));
    return dependencies;
  }

  /** Provider references look like `<urn>::<id>`; the URN ends with the provider's logical name. */
  private regionOf(providerRef: string | undefined): string | undefined {
    if (!providerRef) return undefined;
    const urn = providerRef.split("::").slice(0, -1).join("::");
    const name = urn.split("::").pop() ?? "";
    return this.providerRegions.get(name);
  }

  /** The physical id AWS would give: a resource's own identifier where it has one. */
  private idOf(type: string, name: string, inputs: Record<string, any>, region = "us-east-1"): string {
    switch (type) {
      case "aws:ecs/service:Service":
        return ecsServiceArn(region, inputs, name);
      case "pulumi:pulumi:StackReference":
        return inputs.name;
      case "aws:rds/globalCluster:GlobalCluster":
        return inputs.globalClusterIdentifier;
      case "aws:rds/cluster:Cluster":
        return inputs.clusterIdentifier ?? `${name}-id`;
      case "aws:mq/broker:Broker":
        return `b-${name}-0a1b2c3d`;
      case "aws:cloudfront/distribution:Distribution":
        return distributionId(name);
      default:
        return `${name}-id`;
    }
  }

  /** The attributes AWS computes that the program reads. */
  private computed(type: string, name: string, inputs: Record<string, any>, region = "us-east-1"): Record<string, any> {
    const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${MOCK_ACCOUNT_ID}:${resource}`;
    const physical = inputs.name ?? `${name}-0a1b2c3`;
    switch (type) {
      case "awsx:ec2:Vpc": {
        const zones: string[] = inputs.availabilityZoneNames ?? [];
        const subnets = (tier: string) => zones.map((zone) => `subnet-${tier}-${zone}`);
        return {
          vpcId: `vpc-${name}`,
          publicSubnetIds: subnets("public"),
          privateSubnetIds: subnets("private"),
          isolatedSubnetIds: subnets("isolated"),
        };
      }
      case "aws:lb/loadBalancer:LoadBalancer":
        return {
          arn: arn("elasticloadbalancing", `loadbalancer/app/${physical}/50dc6c495c0c9188`),
          arnSuffix: `app/${physical}/50dc6c495c0c9188`,
          dnsName: `${physical}-1234567890.${region}.elb.amazonaws.com`,
          zoneId: ALB_ZONE_IDS[region] ?? "ZUNKNOWNALBZONE",
        };
      case "aws:lb/targetGroup:TargetGroup": {
        const tgName = `${inputs.namePrefix ?? ""}0a1b2c3d`;
        return {
          name: tgName,
          arn: arn("elasticloadbalancing", `targetgroup/${tgName}/6d0ecf831eec9f09`),
          arnSuffix: `targetgroup/${tgName}/6d0ecf831eec9f09`,
        };
      }
      case "aws:lb/listener:Listener":
        return { arn: arn("elasticloadbalancing", `listener/app/${name}/50dc6c495c0c9188/f2f7dc8efc522ab2`) };
      case "aws:acm/certificate:Certificate":
        return {
          arn: arn("acm", `certificate/${name}`),
          // One option per name. The provider returns them as a set, not in request order: the
          // mock lists them in reverse name order, so code that picks an option by position fails.
          domainValidationOptions: [inputs.domainName, ...(inputs.subjectAlternativeNames ?? [])]
            .sort()
            .reverse()
            .map((domainName: string) => ({
              domainName,
              resourceRecordName: `_3b0e6a1f.${domainName}.`,
              resourceRecordType: "CNAME",
              resourceRecordValue: "_c9a1d2e3.acm-validations.aws.",
            })),
        };
      case "aws:route53/record:Record":
        return { fqdn: String(inputs.name ?? "").replace(/\.$/, "") };
      case "aws:ecs/cluster:Cluster":
        return { name: physical, arn: arn("ecs", `cluster/${physical}`) };
      case "aws:ecs/service:Service":
        return { name: physical, id: ecsServiceArn(region, inputs, name) };
      case "aws:ecs/taskDefinition:TaskDefinition":
        return { arn: arn("ecs", `task-definition/${inputs.family}:1`), revision: 1 };
      case "aws:iam/role:Role":
        return { name: physical, arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${physical}` };
      case "aws:cloudwatch/logGroup:LogGroup":
        return { name: physical, arn: arn("logs", `log-group:${physical}`) };
      case "aws:s3/bucket:Bucket": {
        const bucket = inputs.bucket ?? `${inputs.bucketPrefix ?? name}0a1b2c3`;
        return {
          bucket,
          arn: `arn:aws:s3:::${bucket}`,
          bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
        };
      }
      case "aws:kms/key:Key":
        return { keyId: `${name}-key-id`, arn: arn("kms", `key/${name}-key-id`) };
      case "aws:kms/alias:Alias":
        return { arn: arn("kms", String(inputs.name)) };
      case "aws:secretsmanager/secret:Secret":
        return { name: physical, arn: arn("secretsmanager", `secret:${physical}-AbCdEf`) };
      case "aws:rds/subnetGroup:SubnetGroup":
      case "aws:rds/clusterParameterGroup:ClusterParameterGroup":
      case "aws:elasticache/subnetGroup:SubnetGroup":
        return { name: physical, arn: arn("rds", `subgrp:${physical}`) };
      case "aws:rds/globalCluster:GlobalCluster":
        return { arn: `arn:aws:rds::${MOCK_ACCOUNT_ID}:global-cluster:${inputs.globalClusterIdentifier}` };
      case "aws:rds/cluster:Cluster": {
        const id = inputs.clusterIdentifier ?? physical;
        return {
          clusterIdentifier: id,
          arn: arn("rds", `cluster:${id}`),
          endpoint: `${id}.cluster-c0abcdefghij.${region}.rds.amazonaws.com`,
          readerEndpoint: `${id}.cluster-ro-c0abcdefghij.${region}.rds.amazonaws.com`,
          clusterResourceId: `cluster-${name.toUpperCase()}`,
        };
      }
      case "aws:rds/clusterInstance:ClusterInstance":
        return { identifier: physical, endpoint: `${physical}.c0abcdefghij.${region}.rds.amazonaws.com` };
      case "aws:elasticache/replicationGroup:ReplicationGroup":
        return {
          arn: arn("elasticache", `replicationgroup:${physical}`),
          primaryEndpointAddress: `master.${physical}.abc123.${region}.cache.amazonaws.com`,
          readerEndpointAddress: `replica.${physical}.abc123.${region}.cache.amazonaws.com`,
        };
      case "aws:mq/broker:Broker": {
        const host = `b-${name}-0a1b2c3d.mq.${region}.on.aws`;
        return {
          arn: arn("mq", `broker:${inputs.brokerName}:b-${name}-0a1b2c3d`),
          instances: [{ consoleUrl: `https://${host}`, endpoints: [`amqps://${host}:5671`], ipAddress: "" }],
        };
      }
      case "aws:ec2/securityGroup:SecurityGroup":
        return { arn: arn("ec2", `security-group/sg-${name}`) };
      case "aws:cloudfront/distribution:Distribution": {
        const id = distributionId(name);
        return {
          arn: `arn:aws:cloudfront::${MOCK_ACCOUNT_ID}:distribution/${id}`,
          domainName: `d${id.slice(1).toLowerCase()}.cloudfront.net`,
          hostedZoneId: CLOUDFRONT_ZONE_ID,
          status: "Deployed",
        };
      }
      case "aws:arcregionswitch/plan:Plan":
        return { arn: `arn:aws:arc-region-switch::${MOCK_ACCOUNT_ID}:plan/${inputs.name}:a1b2c3` };
      case "aws:wafv2/webAcl:WebAcl":
        return { arn: arn("wafv2", `global/webacl/${physical}/${name}-id`), capacity: 927 };
      case "aws:cloudwatch/logDeliverySource:LogDeliverySource":
        return { name: physical, arn: arn("logs", `delivery-source:${physical}`), service: "cloudfront" };
      case "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination":
        return { name: physical, arn: arn("logs", `delivery-destination:${physical}`), deliveryDestinationType: "S3" };
      case "aws:cloudwatch/metricAlarm:MetricAlarm":
        return { arn: arn("cloudwatch", `alarm:${inputs.name ?? physical}`) };
      case "aws:appautoscaling/target:Target":
        return { arn: arn("application-autoscaling", `scalable-target/${name}`) };
      case "aws:sqs/queue:Queue": {
        const queueName = inputs.name ?? `${name}-0a1b2c3`;
        return {
          name: queueName,
          arn: arn("sqs", queueName),
          url: `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT_ID}/${queueName}`,
        };
      }
      case "aws:scheduler/scheduleGroup:ScheduleGroup":
        return { name: physical, arn: arn("scheduler", `schedule-group/${physical}`) };
      case "aws:scheduler/schedule:Schedule":
        return { name: physical, arn: arn("scheduler", `schedule/${inputs.groupName ?? "default"}/${physical}`) };
      case "random:index/randomId:RandomId":
        return { hex: "0a1b2c3d".slice(0, 2 * (inputs.byteLength ?? 4)), dec: "169552957", b64Url: "ChssPQ" };
      case "random:index/randomPassword:RandomPassword":
        return { result: `mock-secret-${name}-${"x".repeat(Math.max(0, (inputs.length ?? 16) - name.length - 12))}` };
      case "pulumi:pulumi:StackReference": {
        const outputs = this.stackOutputs.get(inputs.name);
        if (!outputs) this.errors.push(`StackReference to unknown stack "${inputs.name}"`);
        return { name: inputs.name, outputs: outputs ?? {}, secretOutputNames: [] };
      }
      default:
        return type.startsWith("aws:") ? { arn: arn(type.split(/[:/]/)[1], name) } : {};
    }
  }
}

/**
 * The health checks a plan's Route 53 health check steps create: one per region of the plan
 * for each record the steps name, with a stable UUID-shaped id.
 */
function planHealthChecks(plan: Record<string, any>): Record<string, string>[] {
  const configs: Record<string, any>[] = (plan.workflows ?? []).flatMap((workflow: Record<string, any>) =>
    (workflow.steps ?? []).flatMap((step: Record<string, any>) => step.route53HealthCheckConfigs ?? []),
  );
  const records = [...new Map(configs.map((c) => [`${c.hostedZoneId} ${c.recordName}`, c])).values()];
  return records.flatMap((config) =>
    (plan.regions as string[]).map((region) => ({
      healthCheckId: uuidOf(`${plan.name} ${config.recordName} ${region}`),
      hostedZoneId: config.hostedZoneId,
      recordName: config.recordName,
      region,
      status: "unknown",
    })),
  );
}

/** A UUID-shaped id, stable for `seed`. */
function uuidOf(seed: string): string {
  let hex = "";
  let hash = 2166136261;
  while (hex.length < 32) {
    for (const char of `${seed}${hex.length}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    hex += hash.toString(16).padStart(8, "0");
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** An ECS service's ARN (its id): `service/<cluster name>/<service name>`, the cluster named by its ARN. */
function ecsServiceArn(region: string, inputs: Record<string, any>, name: string): string {
  const cluster = String(inputs.cluster ?? "default")
    .split("/")
    .pop();
  return `arn:aws:ecs:${region}:${MOCK_ACCOUNT_ID}:service/${cluster}/${inputs.name ?? `${name}-0a1b2c3`}`;
}

function recordedAlias(alias: AliasMessage): RecordedAlias {
  const spec = alias.hasSpec() ? alias.getSpec() : undefined;
  if (!spec) return { urn: alias.getUrn() };
  return {
    name: spec.getName() || undefined,
    type: spec.getType() || undefined,
    parentUrn: spec.getParenturn() || undefined,
    noParent: spec.getNoparent() || undefined,
  };
}

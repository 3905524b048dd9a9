/**
 * Small readers over resource properties. They read through the engine's proxy like any
 * other access, so an unknown value still throws (see types.ts) instead of being defaulted.
 */
import type { PolicyResource } from "@pulumi/policy";

export type Props = Record<string, any>;

/** A boolean input, or what AWS applies when it is not set. */
export function flag(props: Props, key: string, providerDefault: boolean): boolean {
  const value = props[key];
  return value === undefined || value === null ? providerDefault : value === true;
}

/** A value that may be one item or a list, as a list (missing: empty). */
export function list<T = any>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? [...value] : [value];
}

/** Whether a string input is set to something other than blanks. */
export function isSet(value: unknown): boolean {
  return typeof value === "string" ? value.trim().length > 0 : value !== undefined && value !== null;
}

/** A JSON document input (IAM, bucket or container definitions) as data: text is parsed, objects pass. */
export function jsonDocument(value: unknown): any {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** The stack resources of one type. */
export function ofType(resources: PolicyResource[], type: string): PolicyResource[] {
  return resources.filter((resource) => resource.type === type);
}

/** The identifiers a resource is referenced by: its id and the given name/ARN outputs that are set. */
export function identifiers(resource: PolicyResource, keys: string[] = ["arn"]): Set<string> {
  const found = new Set<string>();
  for (const key of ["id", ...keys]) {
    const value = resource.props[key];
    if (typeof value === "string" && value !== "") found.add(value);
  }
  return found;
}

/**
 * The resource among `targets` that a companion's `input` names. The engine records which
 * resources each input's value came from (propertyDependencies, by URN), and a preview knows
 * them even for resources still to be created, whose ids and ARNs it does not know yet: a
 * value that came from a target, or from a child of it (a component's own resource), names
 * that target. A value with no such dependency (a literal, or one passed on through another
 * resource) is matched against each target's identifiers (`idsOf`), read only then, so an
 * unknown one still makes the policy report that it cannot run.
 */
export function referredTo(
  companion: PolicyResource,
  input: string,
  targets: PolicyResource[],
  idsOf: (target: PolicyResource) => Set<string> = (target) => identifiers(target),
): PolicyResource | undefined {
  for (const source of list(companion.propertyDependencies?.[input])) {
    const target = targets.find((t) => t.urn === source.urn || t.urn === source.parent?.urn);
    if (target) return target;
  }
  const value = companion.props[input];
  return targets.find((target) => idsOf(target).has(value));
}

/** Stack name from a resource URN (`urn:pulumi:<stack>::<project>::...`). */
export function stackOfUrn(urn: string): string {
  return urn.split("::")[0].replace(/^urn:pulumi:/, "");
}

/** AWS resource types, by the names the policies use. */
export const T = {
  rdsCluster: "aws:rds/cluster:Cluster",
  rdsGlobalCluster: "aws:rds/globalCluster:GlobalCluster",
  rdsInstance: "aws:rds/clusterInstance:ClusterInstance",
  replicationGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
  broker: "aws:mq/broker:Broker",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  listenerRule: "aws:lb/listenerRule:ListenerRule",
  ecsCluster: "aws:ecs/cluster:Cluster",
  ecsService: "aws:ecs/service:Service",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  bucket: "aws:s3/bucket:Bucket",
  bucketV2: "aws:s3/bucketV2:BucketV2",
  publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  bucketLogging: "aws:s3/bucketLogging:BucketLogging",
  bucketLoggingV2: "aws:s3/bucketLoggingV2:BucketLoggingV2",
  ownershipControls: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  lifecycleV2: "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
  distribution: "aws:cloudfront/distribution:Distribution",
  logDeliverySource: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
  logDelivery: "aws:cloudwatch/logDelivery:LogDelivery",
  logDeliveryDestination: "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
  webAcl: "aws:wafv2/webAcl:WebAcl",
  kmsKey: "aws:kms/key:Key",
  secret: "aws:secretsmanager/secret:Secret",
  secretRotation: "aws:secretsmanager/secretRotation:SecretRotation",
  iamPolicy: "aws:iam/policy:Policy",
  iamRole: "aws:iam/role:Role",
  iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
  iamUserPolicy: "aws:iam/userPolicy:UserPolicy",
  iamGroupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  iamRolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  iamUserPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  iamGroupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  iamPolicyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
  iamRoleManagedPolicies: "aws:iam/roleManagedPolicyAttachmentsExclusive:RoleManagedPolicyAttachmentsExclusive",
  vpc: "aws:ec2/vpc:Vpc",
  awsxVpc: "awsx:ec2:Vpc",
  flowLog: "aws:ec2/flowLog:FlowLog",
  defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  hostedZone: "aws:route53/zone:Zone",
  queryLog: "aws:route53/queryLog:QueryLog",
  certificate: "aws:acm/certificate:Certificate",
} as const;

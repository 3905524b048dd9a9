/**
 * Reading a cell's recorded resources the way both views need them: its workloads (ECS
 * services and scheduled jobs, with their task definitions), its data stores, and the
 * security-group paths between them. Everything is matched through the values the program
 * passed from one resource to another (ARNs, ids, names), never through a hand-kept list.
 * The mock's ids and generated names are used to match, never shown.
 */
import { MockCloud, RecordedResource } from "../../offline/mock-cloud";

export interface ContainerDefinition {
  name: string;
  image: string;
  command?: string[];
  portMappings?: { containerPort: number }[];
  environment?: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
}

/** The first (essential) container of a task definition. */
export function containerOf(taskDefinition: RecordedResource): ContainerDefinition {
  const containers = JSON.parse(taskDefinition.inputs.containerDefinitions) as ContainerDefinition[];
  return containers[0];
}

/** A container's plain environment value, if set. */
export function envOf(container: ContainerDefinition, name: string): string | undefined {
  return container.environment?.find((entry) => entry.name === name)?.value;
}

/** URNs of resources, for a node's `sources` (missing ones skipped). */
export function urnsOf(...resources: (RecordedResource | undefined)[]): string[] {
  return resources.filter((r): r is RecordedResource => r !== undefined).map((r) => r.urn);
}

/** A resource's role within its component: its name without the component's name (`<component>-<role>`). */
export function roleName(resource: RecordedResource): string {
  const parentName = resource.parentUrn.split("::").pop() ?? "";
  return parentName && resource.name.startsWith(`${parentName}-`)
    ? resource.name.slice(parentName.length + 1)
    : resource.name;
}

export function byName(a: RecordedResource, b: RecordedResource): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export type WorkloadRole = "web" | "worker" | "job";

/** Something that runs the storefront's code: an ECS service, or a job EventBridge Scheduler starts. */
export interface Workload {
  /** Unique within the cell: `web`, `worker`, `job-<name>`. */
  key: string;
  role: WorkloadRole;
  /** The container's name (web, worker) or the job's name. */
  name: string;
  /** The ECS service, or the schedule that starts the job. */
  resource: RecordedResource;
  taskDefinition: RecordedResource;
  container: ContainerDefinition;
  securityGroupIds: string[];
  subnetIds: string[];
  /** The Application Auto Scaling target of a service. */
  scaling?: RecordedResource;
}

const SERVICE_ROLES: Record<string, WorkloadRole> = {
  "storefront:cell:WebService": "web",
  "storefront:cell:WorkerService": "worker",
};

/** The cell's workloads: its services (web first), then its scheduled jobs by name. */
export function workloadsOf(cloud: MockCloud): Workload[] {
  const taskDefinitions = cloud.ofType("aws:ecs/taskDefinition:TaskDefinition");
  const taskDefinitionOf = (arn: string, owner: RecordedResource): RecordedResource => {
    const found = taskDefinitions.find((t) => t.state.arn === arn);
    if (!found) throw new Error(`${owner.name}: no recorded task definition ${arn}`);
    return found;
  };
  const targets = cloud.ofType("aws:appautoscaling/target:Target");
  const services = cloud.ofType("aws:ecs/service:Service").map((service): Workload => {
    const taskDefinition = taskDefinitionOf(service.inputs.taskDefinition, service);
    const container = containerOf(taskDefinition);
    const role = SERVICE_ROLES[service.parentType];
    if (!role)
      throw new Error(`ECS service ${service.name} belongs to ${service.parentType}, which the diagram does not know`);
    return {
      key: role,
      role,
      name: container.name,
      resource: service,
      taskDefinition,
      container,
      securityGroupIds: service.inputs.networkConfiguration?.securityGroups ?? [],
      subnetIds: service.inputs.networkConfiguration?.subnets ?? [],
      scaling: targets.find(
        (t) => t.inputs.resourceId === `service/${clusterNameOf(cloud, service)}/${service.state.name}`,
      ),
    };
  });
  const jobs = cloud
    .ofType("aws:scheduler/schedule:Schedule")
    .sort(byName)
    .map((schedule): Workload => {
      const ecs = schedule.inputs.target.ecsParameters;
      const taskDefinition = taskDefinitionOf(ecs.taskDefinitionArn, schedule);
      return {
        key: `job-${schedule.inputs.name}`,
        role: "job",
        name: schedule.inputs.name,
        resource: schedule,
        taskDefinition,
        container: containerOf(taskDefinition),
        securityGroupIds: ecs.networkConfiguration?.securityGroups ?? [],
        subnetIds: ecs.networkConfiguration?.subnets ?? [],
      };
    });
  const order: WorkloadRole[] = ["web", "worker"];
  return [...services.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role)), ...jobs];
}

function clusterNameOf(cloud: MockCloud, service: RecordedResource): string {
  return cloud.ofType("aws:ecs/cluster:Cluster").find((c) => c.state.arn === service.inputs.cluster)?.state.name ?? "";
}

export type StoreKind = "database" | "cache" | "broker";

/** A data store the workloads reach through security-group rules. */
export interface DataStore {
  kind: StoreKind;
  resource: RecordedResource;
  securityGroupIds: string[];
}

const STORE_TYPES: [StoreKind, string, string][] = [
  ["database", "aws:rds/cluster:Cluster", "vpcSecurityGroupIds"],
  ["cache", "aws:elasticache/replicationGroup:ReplicationGroup", "securityGroupIds"],
  ["broker", "aws:mq/broker:Broker", "securityGroups"],
];

export function dataStoresOf(cloud: MockCloud): DataStore[] {
  return STORE_TYPES.flatMap(([kind, type, groups]) =>
    cloud
      .ofType(type)
      .sort(byName)
      .map((resource) => ({ kind, resource, securityGroupIds: resource.inputs[groups] ?? [] })),
  );
}

/** A path the security groups open: an egress rule on the client's group and the matching ingress rule on the store's. */
export interface SecurityGroupPath {
  client: Workload;
  store: DataStore;
  port: number;
  /** The two rules. */
  rules: RecordedResource[];
}

export function securityGroupPaths(cloud: MockCloud, workloads: Workload[], stores: DataStore[]): SecurityGroupPath[] {
  const egress = cloud.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule");
  const ingress = cloud.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
  const paths: SecurityGroupPath[] = [];
  for (const client of workloads) {
    for (const store of stores) {
      for (const out of egress) {
        if (!client.securityGroupIds.includes(out.inputs.securityGroupId)) continue;
        if (!store.securityGroupIds.includes(out.inputs.referencedSecurityGroupId)) continue;
        const into = ingress.find(
          (rule) =>
            rule.inputs.securityGroupId === out.inputs.referencedSecurityGroupId &&
            rule.inputs.referencedSecurityGroupId === out.inputs.securityGroupId &&
            rule.inputs.fromPort === out.inputs.fromPort,
        );
        if (into) paths.push({ client, store, port: out.inputs.fromPort, rules: [out, into] });
      }
    }
  }
  return paths;
}

/** The ingress rule on `groupId` that admits `fromGroupId`, if any. */
export function ingressFrom(cloud: MockCloud, groupId: string, fromGroupId: string): RecordedResource | undefined {
  return cloud
    .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    .find((rule) => rule.inputs.securityGroupId === groupId && rule.inputs.referencedSecurityGroupId === fromGroupId);
}

/** The external systems a workload calls: the secrets it reads that ExternalSystems created, with the URL it is given. */
export interface ExternalCall {
  /** The system's name (the secret's role in its component). */
  system: string;
  url?: string;
  secret: RecordedResource;
}

export function externalCallsOf(cloud: MockCloud, workload: Workload): ExternalCall[] {
  const secrets = cloud
    .ofType("aws:secretsmanager/secret:Secret")
    .filter((s) => s.parentType === "storefront:jobs:ExternalSystems");
  return (workload.container.secrets ?? []).flatMap((entry) => {
    const secret = secrets.find((s) => entry.valueFrom === s.state.arn);
    if (!secret) return [];
    // The job gets each system's URL beside its credentials: `<X>_URL` next to `<X>_CREDENTIALS`.
    const url = envOf(workload.container, entry.name.replace(/_CREDENTIALS$/, "_URL"));
    return [{ system: roleName(secret), url, secret }];
  });
}

/**
 * Node texts both views share: the AWS service name a reader knows first, then what the
 * program configured, read from the recorded inputs (never a mock id or generated name).
 * Counts and sizes an everyday resize changes (tasks, vCPU, instances, nodes) stay out of
 * the labels, so resizing a cell does not make the committed diagram stale.
 */
import { MockCloud, RecordedResource } from "../../offline/mock-cloud";
import { reveal } from "../../offline/recorded-values";
import { DataStore, envOf, StoreKind, Workload } from "./recorded";

export function workloadLabel(workload: Workload): string[] {
  const { taskDefinition, scaling, resource } = workload;
  const architecture = taskDefinition.inputs.runtimePlatform?.cpuArchitecture ?? "";
  const tasks = scaling ? "autoscaled" : "fixed count";
  switch (workload.role) {
    case "web":
      return ["Amazon ECS on Fargate", "web service: pages, read + write APIs", `${tasks}, ${architecture}`];
    case "worker": {
      const spot = (resource.inputs.capacityProviderStrategies ?? []).some(
        (s: { capacityProvider: string; weight: number }) => s.capacityProvider === "FARGATE_SPOT" && s.weight > 0,
      );
      return [
        "Amazon ECS on Fargate",
        "worker service: consumes the broker",
        `${tasks} on queue depth${spot ? ", mostly Spot" : ""}, ${architecture}`,
      ];
    }
    case "job": {
      const { scheduleExpression, scheduleExpressionTimezone, state, description } = resource.inputs;
      const placement = /runs in (the primary cell only|every cell)/.exec(description ?? "")?.[0];
      return [
        "ECS task started by EventBridge Scheduler",
        `job ${workload.name}${state === "DISABLED" ? (/disabled here/.test(description ?? "") ? " (disabled here)" : " (disabled)") : ""}`,
        `${scheduleExpression}${scheduleExpressionTimezone ? ` ${scheduleExpressionTimezone}` : ""}`,
        ...(placement ? [placement] : []),
      ];
    }
  }
}

/** The protocol a store speaks and its port, for edge labels. */
export function storeFlow(kind: StoreKind, port: number): string {
  const protocol = { database: "SQL (PostgreSQL)", cache: "Valkey, TLS", broker: "AMQPS" }[kind];
  return `${protocol} :${port}`;
}

export function storeLabel(cloud: MockCloud, store: DataStore, isWriter: boolean): string[] {
  const { inputs } = store.resource;
  switch (store.kind) {
    case "database": {
      const instances = cloud
        .ofType("aws:rds/clusterInstance:ClusterInstance")
        .filter((i) => i.inputs.clusterIdentifier === inputs.clusterIdentifier);
      const readersScale = cloud
        .ofType("aws:appautoscaling/target:Target")
        .some((t) => t.inputs.resourceId === `cluster:${inputs.clusterIdentifier}`);
      const classes = [...new Set(instances.map((i) => i.inputs.instanceClass))].join(", ");
      return [
        `Amazon Aurora PostgreSQL ${inputs.engineVersion}`,
        `${isWriter ? "writer" : "reader"} cluster ${inputs.clusterIdentifier}${!isWriter && inputs.enableGlobalWriteForwarding ? ", write forwarding on" : ""}`,
        `${classes}${readersScale ? ", readers autoscaled on CPU" : ""}`,
      ];
    }
    case "cache":
      return [
        `Amazon ElastiCache for Valkey ${inputs.engineVersion}`,
        `${inputs.description ?? "cache"}`,
        `${inputs.nodeType}${inputs.multiAzEnabled ? ", multi-AZ with replicas" : ""}`,
      ];
    case "broker":
      return [`Amazon MQ for RabbitMQ ${inputs.engineVersion}`, `${inputs.deploymentMode}, ${inputs.hostInstanceType}`];
  }
}

/** How a workload uses its database, from the endpoints it is given. */
export function databaseUse(workload: Workload, database: RecordedResource): string {
  const writer = envOf(workload.container, "DB_WRITER_HOST");
  const reader = envOf(workload.container, "DB_READER_HOST");
  const forwarding = envOf(workload.container, "DB_WRITE_FORWARDING") === "true";
  if (writer === database.state.endpoint && reader === database.state.readerEndpoint) {
    return "writes: writer endpoint, reads: reader endpoint";
  }
  if (writer === database.state.readerEndpoint && forwarding) return "reads + forwarded writes: reader endpoint";
  return "";
}

export function albLabel(cloud: MockCloud): string[] {
  const listeners = cloud.ofType("aws:lb/listener:Listener").sort((a, b) => b.inputs.port - a.inputs.port);
  const rules = cloud.ofType("aws:lb/listenerRule:ListenerRule");
  const headers = rules.flatMap((r) =>
    // The conditions carry the origin secret's values, so they are recorded as a secret.
    (reveal(r.inputs.conditions) ?? []).map((c: any) => c.httpHeader?.httpHeaderName).filter(Boolean),
  );
  return [
    `Application Load Balancer${cloud.ofType("aws:lb/loadBalancer:LoadBalancer")[0]?.inputs.internal === false ? " (internet-facing)" : ""}`,
    ...listeners.map((l) => {
      const action = l.inputs.defaultActions?.[0] ?? {};
      const what =
        action.type === "redirect"
          ? `redirect to ${action.redirect.protocol}`
          : action.type === "fixed-response"
            ? `default ${action.fixedResponse.statusCode}`
            : action.type;
      return `${l.inputs.protocol} :${l.inputs.port}: ${what}`;
    }),
    ...(headers.length > 0 ? [`forwards only with ${headers.join(", ")}`] : []),
    ...(cloud.ofType("aws:arczonalshift/zonalAutoshiftConfiguration:ZonalAutoshiftConfiguration").length > 0
      ? ["zonal autoshift, practice runs off-peak"]
      : []),
  ];
}

export function bucketLabel(cloud: MockCloud, bucket: RecordedResource): string[] {
  const ofBucket = (r: RecordedResource) => [bucket.id, bucket.state.bucket].includes(r.inputs.bucket);
  const versioned = cloud
    .ofType("aws:s3/bucketVersioning:BucketVersioning")
    .some((v) => ofBucket(v) && v.inputs.versioningConfiguration?.status === "Enabled");
  const kms = cloud
    .ofType("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")
    .some((e) => ofBucket(e) && JSON.stringify(e.inputs.rules).includes("aws:kms"));
  const traits = [versioned && "versioned", kms && "SSE-KMS"].filter(Boolean).join(", ");
  return ["Amazon S3", "media bucket (product images, uploads)", ...(traits ? [traits] : [])];
}

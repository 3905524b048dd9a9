/**
 * The cell view's regional services, outside the VPC: the KMS key and what it encrypts,
 * the secrets and which tasks read them, the media bucket, EventBridge Scheduler with its
 * dead-letter queue, and the alarms with their topic and the edge's health check.
 */
import { StackEvaluation } from "../../offline/evaluate";
import { MockCloud, RecordedResource } from "../../offline/mock-cloud";
import { splitFleet } from "./cells";
import { bucketLabel } from "./labels";
import { DiagramBuilder } from "./model";
import { byName, envOf, urnsOf, Workload } from "./recorded";

export function addRegionalServices(
  diagram: DiagramBuilder,
  cell: StackEvaluation,
  workloads: Workload[],
  group: string,
): void {
  const { cloud } = cell;
  const key = cloud.ofType("aws:kms/key:Key")[0];
  const alias = cloud.ofType("aws:kms/alias:Alias")[0];
  if (key) {
    diagram.node({
      id: "kms",
      label: [
        "AWS KMS customer managed key",
        `${alias?.inputs.name ?? ""}${key.inputs.enableKeyRotation ? `, rotated every ${key.inputs.rotationPeriodInDays ?? 365} days` : ""}`,
        `encrypts: ${encryptedBy(cloud, key).join(", ")}`,
      ],
      kind: "security",
      group,
      sources: urnsOf(key, alias),
    });
  }

  const secrets = cloud.ofType("aws:secretsmanager/secret:Secret").sort(byName);
  if (secrets.length > 0) {
    diagram.node({
      id: "secrets",
      label: [
        "AWS Secrets Manager",
        ...secrets.map((secret) => {
          const readers = workloads.filter((w) =>
            (w.container.secrets ?? []).some((s) => s.valueFrom.startsWith(secret.state.arn)),
          );
          const replicas = (secret.inputs.replicas ?? []).map((r: { region: string }) => r.region);
          const who =
            readers.length === workloads.length ? "every task" : readers.map((r) => r.name).join(", ") || "no task";
          return `${secretRole(cloud, secret)}${replicas.length > 0 ? ` (replica in ${replicas.join(", ")})` : ""}: ${who}`;
        }),
      ],
      kind: "security",
      group,
      sources: urnsOf(...secrets),
    });
    const readers = workloads.filter((w) => (w.container.secrets ?? []).length > 0).map((w) => w.key);
    diagram.edgesFrom(readers, "ecs", { to: "secrets", label: "ECS secrets at task start", flow: "secret" });
  }

  const bucket = cloud.ofType("aws:s3/bucket:Bucket").find((b) => b.parentType === "storefront:data:ObjectStore");
  if (bucket) {
    diagram.node({ id: "media", label: bucketLabel(cloud, bucket), kind: "storage", group, sources: urnsOf(bucket) });
    const users = workloads.filter((w) => envOf(w.container, "MEDIA_BUCKET") === bucket.state.bucket);
    const via = diagram.has("gateway-endpoint") ? "gateway-endpoint" : undefined;
    diagram.edgesFrom(
      users.map((u) => u.key),
      "ecs",
      { to: via ?? "media", label: "media objects", flow: "https" },
    );
    if (via && users.length > 0) diagram.edge({ from: via, to: "media", label: "S3 API", flow: "https" });
  }

  const scheduleGroup = cloud.ofType("aws:scheduler/scheduleGroup:ScheduleGroup")[0];
  const schedules = workloads.filter((w) => w.role === "job");
  if (scheduleGroup && schedules.length > 0) {
    diagram.node({
      id: "scheduler",
      label: [
        "Amazon EventBridge Scheduler",
        `schedule group ${scheduleGroup.inputs.name}, ${schedules.length} schedules`,
      ],
      kind: "integration",
      group,
      sources: urnsOf(scheduleGroup),
    });
    for (const job of schedules) {
      diagram.edge({
        from: "scheduler",
        to: job.key,
        label: `runs task: ${job.resource.inputs.scheduleExpression}`,
        flow: "control",
      });
    }
    const queues = cloud.ofType("aws:sqs/queue:Queue");
    const dlq = queues.find((q) =>
      schedules.some((j) => j.resource.inputs.target?.deadLetterConfig?.arn === q.state.arn),
    );
    if (dlq) {
      diagram.node({
        id: "dlq",
        label: [
          "Amazon SQS",
          "dead-letter queue of the schedules",
          `kept ${dlq.inputs.messageRetentionSeconds / 86400} days`,
        ],
        kind: "integration",
        group,
        sources: urnsOf(dlq),
      });
      diagram.edge({ from: "scheduler", to: "dlq", label: "starts that failed", flow: "control" });
    }
  }
}

export function addAlarms(
  diagram: DiagramBuilder,
  fleet: StackEvaluation[],
  cell: StackEvaluation,
  group: string,
): void {
  const { cloud } = cell;
  const alarms = cloud.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").sort(byName);
  const topic = cloud.ofType("aws:sns/topic:Topic")[0];
  if (alarms.length === 0) return;
  diagram.node({
    id: "alarms",
    label: ["Amazon CloudWatch alarms", ...withoutCommonPrefix(alarms.map((a) => String(a.inputs.name)))],
    kind: "monitoring",
    group,
    sources: urnsOf(...alarms),
  });
  if (topic) {
    const subscriptions = cloud.ofType("aws:sns/topicSubscription:TopicSubscription");
    diagram.node({
      id: "topic",
      label: ["Amazon SNS alarm topic", ...subscriptions.map((s) => `${s.inputs.protocol}: ${s.inputs.endpoint}`)],
      kind: "integration",
      group,
      sources: urnsOf(topic, ...subscriptions),
    });
    diagram.edge({ from: "alarms", to: "topic", label: "ALARM / OK", flow: "alarm" });
  }
  const edge = splitFleet(fleet).edge;
  const check = edge?.cloud
    .ofType("aws:route53/healthCheck:HealthCheck")
    .find(
      (c) =>
        c.inputs.cloudwatchAlarmName === cell.outputs.healthAlarmName &&
        c.inputs.cloudwatchAlarmRegion === cell.outputs.region,
    );
  if (check) {
    diagram.node({
      id: "health-check",
      label: ["Route 53 health check", `global stack ${edge!.stack}: takes the cell out of latency routing`],
      kind: "monitoring",
      sources: urnsOf(check),
    });
    diagram.edge({ from: "alarms", to: "health-check", label: "no healthy web task", flow: "alarm" });
  }
}

/** A secret's name in the cell: its logical name without the cell component's (`database-master`, `external-marketplace`). */
function secretRole(cloud: MockCloud, secret: RecordedResource): string {
  const cell = cloud.ofType("storefront:cell:RegionalCell")[0]?.name;
  return cell && secret.name.startsWith(`${cell}-`) ? secret.name.slice(cell.length + 1) : secret.name;
}

/** Names without the prefix they all share up to a dash (`storefront-us-east-1-5xx` -> `5xx`). */
function withoutCommonPrefix(names: string[]): string[] {
  let prefix = names[0] ?? "";
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = names.length > 1 ? prefix.lastIndexOf("-") + 1 : 0;
  return names.map((name) => name.slice(cut));
}

/** What a key encrypts: the kinds of resources whose inputs name it. */
function encryptedBy(cloud: MockCloud, key: RecordedResource): string[] {
  const names: Record<string, string> = {
    "aws:rds/cluster:Cluster": "Aurora",
    "aws:elasticache/replicationGroup:ReplicationGroup": "Valkey",
    "aws:secretsmanager/secret:Secret": "secrets",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": "media bucket",
    "aws:sqs/queue:Queue": "dead-letter queue",
    "aws:sns/topic:Topic": "alarm topic",
    "aws:cloudwatch/logGroup:LogGroup": "logs",
  };
  const using = new Set<string>();
  for (const resource of cloud.resources) {
    const name = names[resource.type];
    if (name && JSON.stringify(resource.inputs).includes(key.state.arn)) using.add(name);
  }
  return Object.values(names).filter((name) => using.has(name));
}

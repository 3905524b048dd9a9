/**
 * The global edge's part of the fleet view: Route 53's viewer records, WAF, CloudFront and
 * its certificate, the API behaviours to the latency records with their health checks and
 * the cells' alarms behind them, the media origin group over the cells' buckets, and the
 * buckets' replication between cells.
 */
import { CACHING_DISABLED_POLICY_ID, CACHING_OPTIMIZED_POLICY_ID } from "../../components/edge/cache-behaviours";
import { WRITER_ORIGIN_ID } from "../../components/edge/distribution";
import { StackEvaluation } from "../../offline/evaluate";
import { reveal } from "../../offline/recorded-values";
import { cellNode, mediaBucketOf } from "./cells";
import { DiagramBuilder } from "./model";
import { byName, urnsOf } from "./recorded";

export function addGlobalEdge(diagram: DiagramBuilder, edge: StackEvaluation, cells: StackEvaluation[]): void {
  const { cloud } = edge;
  const group = diagram.group({ id: "edge", label: [`Global edge (stack ${edge.stack})`], kind: "edge" });
  const viewers = cloud
    .ofType("aws:route53/record:Record")
    .filter((r) => r.parentType === "storefront:edge:ViewerRecords");
  const acl = cloud.ofType("aws:wafv2/webAcl:WebAcl")[0];
  const distribution = cloud.ofType("aws:cloudfront/distribution:Distribution")[0];
  const certificate = cloud.ofType("aws:acm/certificate:Certificate")[0];
  if (!distribution) return;
  const { inputs } = distribution;

  diagram.node({
    id: "route53-viewers",
    label: [
      "Amazon Route 53",
      [...new Set(viewers.map((r) => r.inputs.name))].sort().join(", "),
      `alias ${[...new Set(viewers.map((r) => r.inputs.type))].sort().join(" + ")} to CloudFront`,
    ],
    kind: "networking",
    group,
    sources: urnsOf(...viewers),
  });
  diagram.edge({ from: "shoppers", to: "route53-viewers", label: "1 DNS lookup", flow: "dns" });
  const entry = acl ? "waf" : "cloudfront";
  if (acl) {
    const rules: any[] = [...acl.inputs.rules].sort((a, b) => a.priority - b.priority);
    diagram.node({
      id: "waf",
      label: [
        `AWS WAF web ACL (${acl.inputs.scope})`,
        ...rules.map((rule) => {
          const rate = rule.statement.rateBasedStatement;
          const group = rule.statement.managedRuleGroupStatement;
          return rate
            ? `rate limit ${rate.limit} / ${rate.evaluationWindowSec / 60} min per ${rate.aggregateKeyType}`
            : `${group?.name ?? rule.name}`;
        }),
      ],
      kind: "security",
      group,
      sources: urnsOf(acl),
    });
  }
  diagram.node({
    id: "cloudfront",
    label: [
      "Amazon CloudFront",
      `${inputs.priceClass}, ${inputs.httpVersion}, viewer ${inputs.viewerCertificate.minimumProtocolVersion}`,
      "adds X-Origin-Verify to API requests",
    ],
    kind: "networking",
    group,
    sources: urnsOf(distribution),
  });
  diagram.edge({ from: "route53-viewers", to: entry, label: "2 HTTPS to CloudFront", flow: "https" });
  if (acl) diagram.edge({ from: "waf", to: "cloudfront", label: "allowed requests", flow: "https" });
  if (certificate) {
    diagram.node({
      id: "edge-certificate",
      label: [
        "AWS Certificate Manager",
        [certificate.inputs.domainName, ...(certificate.inputs.subjectAlternativeNames ?? [])].join(", "),
      ],
      kind: "security",
      group,
      sources: urnsOf(certificate),
    });
    diagram.edge({ from: "edge-certificate", to: "cloudfront", label: "viewer certificate", flow: "control" });
  }

  addApiOrigin(diagram, edge, cells, group);
  addWriterOrigin(diagram, edge, cells);
  addMediaOrigins(diagram, edge, cells);
  addReplication(diagram, edge, cells);
}

/** CloudFront's behaviours to the API origin, Route 53's latency records behind it, their health checks and alarms. */
function addApiOrigin(diagram: DiagramBuilder, edge: StackEvaluation, cells: StackEvaluation[], group: string): void {
  const { cloud } = edge;
  const distribution = cloud.ofType("aws:cloudfront/distribution:Distribution")[0];
  const origins = reveal(distribution.inputs.origins) as any[];
  const latency = cloud
    .ofType("aws:route53/record:Record")
    .filter((r) => r.inputs.latencyRoutingPolicies?.length > 0)
    .sort(byName);
  const checks = cloud.ofType("aws:route53/healthCheck:HealthCheck");
  const apiOrigin = origins.find((o) => latency.some((r) => r.inputs.name === o.domainName));
  if (!apiOrigin || latency.length === 0) return;

  diagram.node({
    id: "route53-latency",
    label: ["Amazon Route 53", apiOrigin.domainName, `latency records, one per cell`, "target health evaluated"],
    kind: "networking",
    group,
    sources: urnsOf(...latency),
  });
  const policies = new Map(cloud.ofType("aws:cloudfront/cachePolicy:CachePolicy").map((p) => [p.id, p]));
  const behaviours = [
    ...(distribution.inputs.orderedCacheBehaviors ?? []),
    { ...distribution.inputs.defaultCacheBehavior, pathPattern: "* (default)" },
  ].filter((b: any) => b.targetOriginId === apiOrigin.originId);
  const byPolicy = new Map<string, any[]>();
  for (const b of behaviours) byPolicy.set(b.cachePolicyId, [...(byPolicy.get(b.cachePolicyId) ?? []), b]);
  for (const [policyId, group] of byPolicy) {
    const policy = policies.get(policyId);
    const paths = group.map((b) => b.pathPattern).join(" ");
    const what =
      policyId === CACHING_DISABLED_POLICY_ID
        ? "other API paths, all methods, not cached"
        : policyId === CACHING_OPTIMIZED_POLICY_ID
          ? "static files, cached long"
          : policy
            ? `read API, GET, cached ${policy.inputs.defaultTtl} s`
            : "cached";
    diagram.edge({ from: "cloudfront", to: "route53-latency", label: `3 ${what}:\n${paths}`, flow: "https" });
  }

  // In the cells' deploy order, which also lays the primary out first.
  for (const cell of cells) {
    const record = latency.find((r) => r.inputs.aliases?.[0]?.name === cell.outputs.albDnsName);
    if (!record || !diagram.has(cellNode.alb(cell.stack))) continue;
    diagram.edge({
      from: "route53-latency",
      to: cellNode.alb(cell.stack),
      label: `4 ${record.inputs.setIdentifier}: HTTPS`,
      flow: "https",
    });
    const check = checks.find((c) => c.id === record.inputs.healthCheckId);
    if (!check) continue;
    const checkId = `health-check/${cell.stack}`;
    diagram.node({
      id: checkId,
      label: ["Route 53 health check", `${record.inputs.setIdentifier}, follows the cell's alarm`],
      kind: "monitoring",
      group,
      sources: urnsOf(check),
    });
    diagram.edge({
      from: checkId,
      to: "route53-latency",
      label: `healthy? (${record.inputs.setIdentifier})`,
      flow: "alarm",
    });
    if (diagram.has(cellNode.healthAlarm(cell.stack)) && check.inputs.cloudwatchAlarmRegion === cell.outputs.region) {
      diagram.edge({
        from: cellNode.healthAlarm(cell.stack),
        to: checkId,
        label: "alarm state",
        flow: "alarm",
        upward: true,
      });
    }
  }
}

/**
 * CloudFront's write paths to the writer origin, `writer.<domain>`, which resolves to the
 * primary cell: drawn to the primary's load balancer, whichever cell that is.
 */
function addWriterOrigin(diagram: DiagramBuilder, edge: StackEvaluation, cells: StackEvaluation[]): void {
  const distribution = edge.cloud.ofType("aws:cloudfront/distribution:Distribution")[0];
  const writer = (reveal(distribution.inputs.origins) as any[]).find((o) => o.originId === WRITER_ORIGIN_ID);
  const primary = cells.find((cell) => cell.outputs.isPrimary === true);
  if (!writer || !primary || !diagram.has(cellNode.alb(primary.stack))) return;
  const paths = (distribution.inputs.orderedCacheBehaviors ?? [])
    .filter((b: any) => b.targetOriginId === WRITER_ORIGIN_ID)
    .map((b: any) => b.pathPattern);
  diagram.edge({
    from: "cloudfront",
    to: cellNode.alb(primary.stack),
    label: `3 writes via ${writer.domainName} (the primary), all methods, not cached:\n${paths.join(" ")}`,
    flow: "https",
  });
}

/** The media origin group's members: each cell's bucket, in failover order. */
function addMediaOrigins(diagram: DiagramBuilder, edge: StackEvaluation, cells: StackEvaluation[]): void {
  const distribution = edge.cloud.ofType("aws:cloudfront/distribution:Distribution")[0];
  const origins = reveal(distribution.inputs.origins) as any[];
  const behaviours: any[] = distribution.inputs.orderedCacheBehaviors ?? [];
  for (const group of distribution.inputs.originGroups ?? []) {
    const paths = behaviours.filter((b) => b.targetOriginId === group.originId).map((b) => b.pathPattern);
    group.members.forEach((member: { originId: string }, i: number) => {
      const origin = origins.find((o) => o.originId === member.originId);
      const cell = cells.find((c) => origin?.domainName === mediaBucketOf(c)?.state.bucketRegionalDomainName);
      if (!cell || !diagram.has(cellNode.bucket(cell.stack))) return;
      const shield = origin.originShield?.enabled ? `, Origin Shield ${origin.originShield.originShieldRegion}` : "";
      diagram.edge({
        from: "cloudfront",
        to: cellNode.bucket(cell.stack),
        label: `${paths.join(" ")} ${i === 0 ? "first" : `failover ${i}`}${shield}`,
        flow: "https",
      });
    });
  }
}

/** Bucket replication between cells: one edge per pair of buckets, both ways when both replicate. */
function addReplication(diagram: DiagramBuilder, edge: StackEvaluation, cells: StackEvaluation[]): void {
  const cellOfBucket = (name: string) => cells.find((c) => mediaBucketOf(c)?.state.bucket === name)?.stack;
  const pairs = new Map<string, { from: string; to: string; both: boolean }>();
  const configs = edge.cloud.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig").sort(byName);
  for (const config of configs) {
    const from = cellOfBucket(config.inputs.bucket);
    for (const rule of config.inputs.rules ?? []) {
      const to = cellOfBucket(String(rule.destination?.bucket ?? "").replace(/^arn:aws:s3:::/, ""));
      if (!from || !to || from === to) continue;
      const reverse = pairs.get(`${to}|${from}`);
      if (reverse) reverse.both = true;
      else pairs.set(`${from}|${to}`, { from, to, both: false });
    }
  }
  for (const { from, to, both } of pairs.values()) {
    diagram.edge({
      from: cellNode.bucket(from),
      to: cellNode.bucket(to),
      label: "S3 replication",
      flow: "replication",
      both,
    });
  }
}

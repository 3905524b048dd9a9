/**
 * The plan's section for the global stack: what the edge routes to and how, read from the
 * resources the program registered (not from config), so the plan shows what would be
 * created.
 */
import { stackBaseName } from "../config/cell";
import { GlobalConfig } from "../config/global";
import { CACHING_DISABLED_POLICY_ID, CACHING_OPTIMIZED_POLICY_ID } from "../components/edge/cache-behaviours";
import { StackEvaluation } from "../offline/evaluate";
import { RecordedResource } from "../offline/mock-cloud";
import { reveal } from "../offline/recorded-values";
import { outputRows, resourceRows, row, SectionOptions } from "./plan-format";
import { writePathRows } from "./plan-writes";
import { describeRegionSwitch } from "./plan-recovery";

export function describeEdge(
  config: GlobalConfig,
  evaluation: StackEvaluation,
  cellStackFiles: string[],
  options: SectionOptions,
): string {
  const { cloud, outputs } = evaluation;
  const byName = (type: string) => new Map(cloud.ofType(type).map((r) => [r.name, r]));
  const healthChecks = byName("aws:route53/healthCheck:HealthCheck");
  const records = cloud.ofType("aws:route53/record:Record");
  const certificate = cloud.one("aws:acm/certificate:Certificate");
  const validations = records.filter((r) => r.parentType === "storefront:edge:EdgeCertificate");
  const viewers = records.filter((r) => r.parentType === "storefront:edge:ViewerRecords");
  const latency = records.filter((r) => r.inputs.latencyRoutingPolicies !== undefined);
  const unrouted = cellStackFiles.filter((stack) => !config.cells.map(stackBaseName).includes(stack));

  const lines = [
    "",
    `== ${config.stack} (edge) ${"=".repeat(67 - config.stack.length)}`,
    row("cells", config.cells.map((stack) => `${stack}${edgeCellRoles(stack, config)}`).join(", ")),
    ...(unrouted.length > 0 ? [row("not routed", `${unrouted.join(", ")}: add to storefront:cells`)] : []),
    row("origin", `${outputs.originHostName}: one latency alias (A) per cell, target health evaluated`),
    ...latency.map((record) => {
      const check = [...healthChecks.values()].find((c) => c.id === record.inputs.healthCheckId);
      return row(
        `  ${record.inputs.setIdentifier}`,
        `latency region ${record.inputs.latencyRoutingPolicies[0].region} -> ${record.inputs.aliases[0].name}; ` +
          `health check ${record.inputs.healthCheckId} follows alarm ${check?.inputs.cloudwatchAlarmName} in ${check?.inputs.cloudwatchAlarmRegion}` +
          ` (no data: ${check?.inputs.insufficientDataHealthStatus})`,
      );
    }),
    ...writePathRows(config),
    row(
      "certificate",
      `${[certificate.inputs.domainName, ...(certificate.inputs.subjectAlternativeNames ?? [])].join(", ")} in ${certificate.region}, ` +
        `${certificate.inputs.keyAlgorithm}, ${validations.length} DNS validation records (retained on delete)`,
    ),
    ...describeWaf(cloud.one("aws:wafv2/webAcl:WebAcl")),
    ...describeDistribution(evaluation),
    row(
      "viewer names",
      `${[...new Set(viewers.map((r) => r.inputs.name))].join(", ")}: ${[...new Set(viewers.map((r) => r.inputs.type))].join(" + ")} aliases to ${outputs.distributionDomainName}`,
    ),
    ...describeReplication(cloud.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig")),
    ...describeRegionSwitch(evaluation),
    ...resourceRows(cloud.resources, options),
    ...outputRows(outputs, evaluation.secretOutputNames),
  ];
  return lines.join("\n");
}

function describeWaf(acl: RecordedResource): string[] {
  const rules: any[] = [...acl.inputs.rules].sort((a, b) => a.priority - b.priority);
  return [
    row("waf", `${acl.inputs.scope} scope in ${acl.region}, default ${Object.keys(acl.inputs.defaultAction)[0]}`),
    ...rules.map((rule) => {
      const rate = rule.statement.rateBasedStatement;
      const scope = rate?.scopeDownStatement?.byteMatchStatement;
      const counted: string[] = (rule.statement.managedRuleGroupStatement?.ruleActionOverrides ?? []).map(
        (override: { name: string }) => override.name,
      );
      const what = rate
        ? `${Object.keys(rule.action)[0]} above ${rate.limit} requests per ${rate.evaluationWindowSec / 60} min per ${rate.aggregateKeyType}` +
          (scope ? `, counting paths starting ${scope.searchString}` : "")
        : `AWS managed group, its own actions` + (counted.length > 0 ? `; only counts ${counted.join(", ")}` : "");
      return row(`  ${rule.priority}`, `${rule.name}: ${what}`);
    }),
  ];
}

/** ` (home, primary)`, ` (home)`, ` (primary)` or nothing: a listed cell's roles by the shared config. */
function edgeCellRoles(stack: string, config: GlobalConfig): string {
  const roles = [
    ...(stackBaseName(stack) === stackBaseName(config.shared.homeStack) ? ["home"] : []),
    ...(stackBaseName(stack) === stackBaseName(config.shared.primaryStack) ? ["primary"] : []),
  ];
  return roles.length > 0 ? ` (${roles.join(", ")})` : "";
}

/** The distribution's settings and behaviours, once the distribution is part of the stack. */
function describeDistribution(evaluation: StackEvaluation): string[] {
  const distributions = evaluation.cloud.ofType("aws:cloudfront/distribution:Distribution");
  if (distributions.length !== 1) return [];
  const { inputs } = distributions[0];
  const catalog = evaluation.cloud.ofType("aws:cloudfront/cachePolicy:CachePolicy");
  const policyNames = new Map<string, string>([
    [CACHING_DISABLED_POLICY_ID, "not cached"],
    [CACHING_OPTIMIZED_POLICY_ID, "cached long (CachingOptimized)"],
    ...catalog.map((p): [string, string] => [p.id, `cached ${p.inputs.defaultTtl} s (max ${p.inputs.maxTtl} s)`]),
  ]);
  const behaviour = (path: string, b: any) =>
    row(
      `  ${path}`,
      `-> ${b.targetOriginId}, ${b.allowedMethods.length} methods, ${policyNames.get(b.cachePolicyId) ?? b.cachePolicyId}`,
    );
  // The origins carry the origin-verify secret, so the engine receives them as a secret.
  const origins = reveal(inputs.origins) as any[];
  const groups: any[] = inputs.originGroups ?? [];
  return [
    row(
      "distribution",
      `${inputs.priceClass}, ${inputs.httpVersion}, IPv6 ${inputs.isIpv6Enabled ? "on" : "off"}, viewer TLS ${inputs.viewerCertificate.minimumProtocolVersion}, web ACL attached`,
    ),
    ...origins.map((origin) =>
      row(
        `  ${origin.originId}`,
        `${origin.domainName}, Origin Shield ${origin.originShield?.enabled ? origin.originShield.originShieldRegion : "off"}`,
      ),
    ),
    ...groups.map((group) =>
      row(
        `  ${group.originId}`,
        `origin group: ${group.members.map((m: any) => m.originId).join(" then ")}, failover on ${group.failoverCriteria.statusCodes.join(", ")}`,
      ),
    ),
    ...(inputs.orderedCacheBehaviors ?? []).map((b: any) => behaviour(b.pathPattern, b)),
    behaviour("* (default)", inputs.defaultCacheBehavior),
  ];
}

function describeReplication(configs: RecordedResource[]): string[] {
  if (configs.length === 0) return [row("replication", "none (one cell)")];
  return configs.map((config, i) =>
    row(
      i === 0 ? "replication" : "",
      `${config.region} -> ${config.inputs.rules.map((r: any) => r.id.replace(/^replicate-to-/, "")).join(", ")}`,
    ),
  );
}

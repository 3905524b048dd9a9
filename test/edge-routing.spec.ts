import { strict as assert } from "node:assert";
import { loadStackConfig } from "../config/files";
import { GlobalConfig, readGlobalConfig } from "../config/global";
import { evaluateStack, StackEvaluation, stackSuite } from "./support/evaluate";
import { RecordedResource } from "../offline/mock-cloud";
import { evaluateThreeCells, fixtureRaw, THIRD_CELL } from "./fixtures/three-cells";

const HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";
const RECORD = "aws:route53/record:Record";
/** The writer record's component: its records and check follow the Region switch plans, not the origin routing. */
const WRITER = "storefront:recovery:WriterRecord";

/** An edge evaluation with the cells it read and its config. */
interface Fleet {
  edge: StackEvaluation;
  /** The cells' evaluations, in the edge's list order. */
  cells: StackEvaluation[];
  config: GlobalConfig;
}

function fleetOf(evaluations: StackEvaluation[], raw = loadStackConfig("global")): Fleet {
  const config = readGlobalConfig(raw, "global");
  const find = (stack: string) => evaluations.find((e) => e.stack === stack)!;
  return { edge: find("global"), cells: config.cells.map(find), config };
}

/** The health check that follows a cell's alarm (there must be exactly one). */
function healthCheckOf(fleet: Fleet, cell: StackEvaluation): RecordedResource {
  const checks = fleet.edge.cloud
    .ofType(HEALTH_CHECK)
    .filter((c) => c.inputs.cloudwatchAlarmName === cell.outputs.healthAlarmName);
  assert.equal(checks.length, 1, `health checks following ${cell.outputs.healthAlarmName}`);
  return checks[0];
}

/** Route 53 records named `name`. */
function recordsNamed(fleet: Fleet, name: string): RecordedResource[] {
  return fleet.edge.cloud.ofType(RECORD).filter((r) => r.inputs.name === name);
}

describe("edge routing", () => {
  const suite = stackSuite();
  let fleets: Record<string, Fleet> = {};
  // The fixture's edge before its third cell joined: the same edge file listing the first two cells.
  const twoCellRaw = () => ({
    ...fixtureRaw("global"),
    "storefront:cells": JSON.stringify(
      (JSON.parse(fixtureRaw("global")["storefront:cells"]) as string[]).filter((c) => c !== THIRD_CELL),
    ),
  });
  let three: StackEvaluation[] = [];
  before(async () => {
    three = await evaluateThreeCells();
    const cells = three.filter((e) => e.stack !== "global" && e.stack !== THIRD_CELL);
    const raw = twoCellRaw();
    fleets = {
      "the shipped stack files": fleetOf(suite.all()),
      "three cells": fleetOf(three, fixtureRaw("global")),
      "two cells": fleetOf([...cells, await evaluateStack("global", { raw, upstream: cells })], raw),
    };
  });

  for (const [label, cellCount] of [
    ["the shipped stack files", undefined],
    ["three cells", 3],
  ] as const) {
    describe(`with ${label}`, () => {
      const fleet = () => fleets[label];

      it("creates one health check and one latency record for origin.<domain> per cell, named by the cell's region", () => {
        const { edge, cells, config } = fleet();
        assert.equal(cells.length, cellCount ?? config.cells.length);
        assert.ok(
          cells.every((cell) => cell !== undefined),
          "every listed cell was evaluated",
        );
        const origin = `origin.${config.shared.domain}`;
        assert.deepEqual(
          edge.cloud
            .ofType(HEALTH_CHECK)
            .filter((c) => c.parentType !== WRITER)
            .map((c) => c.name)
            .sort(),
          cells.map((c) => `${config.shared.app}-origin-${c.outputs.region}-health`).sort(),
        );
        const latency = recordsNamed(fleet(), origin);
        assert.deepEqual(
          latency.map((r) => r.name).sort(),
          cells.map((c) => `${config.shared.app}-origin-${c.outputs.region}-latency`).sort(),
        );
        for (const cell of cells) {
          // A only: the cells' load balancers are IPv4 (no dualstack), so AAAA would answer nothing.
          const alb = cell.cloud.one("aws:lb/loadBalancer:LoadBalancer");
          assert.notEqual(alb.inputs.ipAddressType, "dualstack");
        }
        assert.deepEqual([...new Set(latency.map((r) => r.inputs.type))], ["A"]);
      });

      it("routes each cell by latency from its own region to its own load balancer, tied to its health check (docs/aws-behaviours.md #7)", () => {
        const { cells, config } = fleet();
        for (const cell of cells) {
          const [record] = recordsNamed(fleet(), cell.outputs.originHostName).filter(
            (r) => r.inputs.setIdentifier === cell.outputs.region,
          );
          assert.ok(record, `no record with set identifier ${cell.outputs.region}`);
          assert.equal(record.inputs.zoneId, config.shared.hostedZoneId);
          assert.deepEqual(record.inputs.latencyRoutingPolicies, [{ region: cell.outputs.region }]);
          for (const other of ["weightedRoutingPolicies", "failoverRoutingPolicies", "geolocationRoutingPolicies"]) {
            assert.equal(record.inputs[other], undefined, `${record.name} has ${other}`);
          }
          assert.deepEqual(record.inputs.aliases, [
            { name: cell.outputs.albDnsName, zoneId: cell.outputs.albZoneId, evaluateTargetHealth: true },
          ]);
          assert.equal(record.inputs.healthCheckId, healthCheckOf(fleet(), cell).id);
          assert.equal(record.region, "us-east-1");
        }
      });

      it("has each health check follow exactly its cell's health alarm, in the cell's region", () => {
        for (const cell of fleet().cells) {
          const check = healthCheckOf(fleet(), cell);
          assert.equal(check.inputs.type, "CLOUDWATCH_METRIC");
          assert.equal(check.inputs.cloudwatchAlarmRegion, cell.outputs.region);
          assert.equal(check.inputs.cloudwatchAlarmName, `storefront-${cell.stack}-web-no-healthy-tasks`);
          // INSUFFICIENT_DATA means CloudWatch cannot evaluate, not that the cell is down
          // (the alarm treats missing data as breaching): keep routing as it was.
          assert.equal(check.inputs.insufficientDataHealthStatus, "LastKnownStatus");
          // No endpoint probing: the cells' load balancers admit only CloudFront.
          assert.equal(check.inputs.fqdn, undefined);
          assert.equal(check.inputs.ipAddress, undefined);
        }
      });

      it("points the apex and www, A and AAAA, at the distribution without target health", () => {
        const { edge, config } = fleet();
        const distribution = edge.cloud.one("aws:cloudfront/distribution:Distribution");
        assert.equal(distribution.inputs.isIpv6Enabled, true, "AAAA records need an IPv6-enabled distribution");
        for (const name of [config.shared.domain, `www.${config.shared.domain}`]) {
          const records = recordsNamed(fleet(), name);
          assert.deepEqual(records.map((r) => r.inputs.type).sort(), ["A", "AAAA"], name);
          for (const record of records) {
            assert.equal(record.inputs.zoneId, config.shared.hostedZoneId);
            assert.deepEqual(record.inputs.aliases, [
              {
                name: distribution.state.domainName,
                zoneId: distribution.state.hostedZoneId,
                evaluateTargetHealth: false,
              },
            ]);
            assert.equal(record.inputs.setIdentifier, undefined);
          }
        }
      });

      it("issues the viewer certificate in us-east-1 for the apex and www, DNS-validated by one retained record per name (docs/aws-behaviours.md #6, #8)", () => {
        const { edge, config } = fleet();
        const certificate = edge.cloud.one("aws:acm/certificate:Certificate");
        assert.equal(certificate.region, "us-east-1");
        assert.equal(certificate.inputs.domainName, config.shared.domain);
        assert.deepEqual(certificate.inputs.subjectAlternativeNames, [`www.${config.shared.domain}`]);
        assert.equal(certificate.inputs.validationMethod, "DNS");
        const options: any[] = certificate.state.domainValidationOptions;
        const validations = edge.cloud.ofType(RECORD).filter((r) => r.inputs.type === "CNAME");
        assert.equal(validations.length, options.length);
        for (const option of options) {
          const [record] = validations.filter((r) => r.inputs.name === option.resourceRecordName);
          assert.ok(record, `no validation record for ${option.domainName}`);
          assert.deepEqual(record.inputs.records, [option.resourceRecordValue]);
          assert.equal(record.inputs.zoneId, config.shared.hostedZoneId);
          assert.equal(record.inputs.allowOverwrite, true, "ACM asks every certificate for a name for the same record");
          assert.equal(record.retainOnDelete, true, "another certificate for the name may still renew with it");
        }
        const validation = edge.cloud.one("aws:acm/certificateValidation:CertificateValidation");
        assert.equal(validation.region, "us-east-1");
        assert.deepEqual(
          [...validation.inputs.validationRecordFqdns].sort(),
          validations.map((r) => r.state.fqdn).sort(),
        );
        const distribution = edge.cloud.one("aws:cloudfront/distribution:Distribution");
        assert.equal(distribution.inputs.viewerCertificate.acmCertificateArn, validation.state.certificateArn);
      });

      it("protects the distribution with a CLOUDFRONT-scope web ACL in us-east-1: managed rules, a per-IP rate rule, metrics everywhere (docs/aws-behaviours.md #6)", () => {
        const { edge, config } = fleet();
        const acl = edge.cloud.one("aws:wafv2/webAcl:WebAcl");
        assert.equal(acl.region, "us-east-1");
        assert.equal(acl.inputs.scope, "CLOUDFRONT");
        assert.deepEqual(acl.inputs.defaultAction, { allow: {} });
        const rules: any[] = acl.inputs.rules;
        const managed = rules.filter((r) => r.statement.managedRuleGroupStatement);
        assert.deepEqual(managed.map((r) => r.statement.managedRuleGroupStatement.name).sort(), [
          "AWSManagedRulesAmazonIpReputationList",
          "AWSManagedRulesCommonRuleSet",
          "AWSManagedRulesKnownBadInputsRuleSet",
        ]);
        for (const rule of managed) {
          assert.equal(rule.statement.managedRuleGroupStatement.vendorName, "AWS");
          assert.deepEqual(rule.overrideAction, { none: {} }, `${rule.name} would only count`);
          assert.equal(rule.action, undefined);
        }
        const rate = rules.filter((r) => r.statement.rateBasedStatement);
        assert.equal(rate.length, 1);
        assert.deepEqual(rate[0].action, { block: {} });
        assert.equal(rate[0].statement.rateBasedStatement.aggregateKeyType, "IP");
        assert.equal(rate[0].statement.rateBasedStatement.limit, config.rateLimitPer5Minutes);
        assert.equal(rate[0].statement.rateBasedStatement.evaluationWindowSec ?? 300, 300);
        // Only API requests count: cached media and static files would block shared addresses.
        assert.deepEqual(rate[0].statement.rateBasedStatement.scopeDownStatement, {
          byteMatchStatement: {
            fieldToMatch: { uriPath: {} },
            positionalConstraint: "STARTS_WITH",
            searchString: "/api/",
            textTransformations: [{ priority: 0, type: "NONE" }],
          },
        });
        // The two common rules that block ordinary checkouts and sign-in redirects only count;
        // every other managed rule keeps its block.
        const overrides = (group: string) =>
          managed.find((r) => r.name === group)!.statement.managedRuleGroupStatement.ruleActionOverrides ?? [];
        assert.deepEqual(overrides("AWSManagedRulesCommonRuleSet"), [
          { name: "SizeRestrictions_BODY", actionToUse: { count: {} } },
          { name: "GenericRFI_QUERYARGUMENTS", actionToUse: { count: {} } },
        ]);
        assert.deepEqual(overrides("AWSManagedRulesAmazonIpReputationList"), []);
        assert.deepEqual(overrides("AWSManagedRulesKnownBadInputsRuleSet"), []);
        assert.equal(rules.length, managed.length + rate.length);
        assert.equal(new Set(rules.map((r) => r.priority)).size, rules.length, "WAF refuses repeated priorities");
        const visibility = [acl.inputs.visibilityConfig, ...rules.map((r) => r.visibilityConfig)];
        for (const v of visibility) {
          assert.equal(v.cloudwatchMetricsEnabled, true);
          assert.equal(v.sampledRequestsEnabled, true);
        }
        assert.equal(new Set(visibility.map((v) => v.metricName)).size, visibility.length);
        const distribution = edge.cloud.one("aws:cloudfront/distribution:Distribution");
        assert.equal(distribution.inputs.webAclId, acl.state.arn);
      });
    });
  }

  it("adds exactly the new cell's health check and record, and changes no other cell's (docs/aws-behaviours.md #7)", () => {
    const [two, three] = [fleets["two cells"], fleets["three cells"]];
    const urns = (fleet: Fleet) => new Set(fleet.edge.cloud.resources.map((r) => r.urn));
    const [before, after] = [urns(two), urns(three)];
    // Removing the cell again deletes exactly what adding it created.
    const missing = [...before].filter((urn) => !after.has(urn));
    assert.deepEqual(missing, [], "a resource of the two-cell edge was renamed or removed");
    const added = three.edge.cloud.resources.filter((r) => !before.has(r.urn));
    for (const resource of added) assert.ok(resource.name.includes(THIRD_CELL), `${resource.type} ${resource.name}`);
    const third = three.cells.find((c) => c.stack === THIRD_CELL)!;
    assert.deepEqual(
      added.filter((r) => r.type === HEALTH_CHECK).map((r) => r.inputs.cloudwatchAlarmName),
      [third.outputs.healthAlarmName],
    );
    assert.deepEqual(
      added.filter((r) => r.type === RECORD && r.parentType !== WRITER).map((r) => r.inputs.setIdentifier),
      [THIRD_CELL],
    );
    // Every record and health check of the first two cells is exactly as it was. (The writer
    // record's primary check gains the new plan's check: test/region-switch.spec.ts.)
    for (const type of [HEALTH_CHECK, RECORD]) {
      for (const old of two.edge.cloud.ofType(type).filter((r) => r.parentType !== WRITER)) {
        const now = three.edge.cloud.ofType(type).find((r) => r.urn === old.urn)!;
        assert.deepEqual(now.inputs, old.inputs, `${old.name} changed`);
      }
    }
  });

  describe("with the rate limit and price class changed in config", () => {
    let variant: Fleet;
    const raw = () => ({
      ...twoCellRaw(),
      "storefront:waf": JSON.stringify({ rateLimitPer5Minutes: 750 }),
      "storefront:priceClass": "PriceClass_200",
    });
    before(async () => {
      const cells = three.filter((e) => e.stack !== "global" && e.stack !== THIRD_CELL);
      variant = fleetOf([...cells, await evaluateStack("global", { raw: raw(), upstream: cells })], raw());
    });

    it("blocks an IP above the configured limit and serves from the configured price class", () => {
      assert.equal(variant.config.rateLimitPer5Minutes, 750);
      const acl = variant.edge.cloud.one("aws:wafv2/webAcl:WebAcl");
      const rate = acl.inputs.rules.find((r: any) => r.statement.rateBasedStatement);
      assert.equal(rate.statement.rateBasedStatement.limit, 750);
      const distribution = variant.edge.cloud.one("aws:cloudfront/distribution:Distribution");
      assert.equal(distribution.inputs.priceClass, "PriceClass_200");
      assert.notEqual(
        fleets["two cells"].edge.cloud.one("aws:cloudfront/distribution:Distribution").inputs.priceClass,
        "PriceClass_200",
      );
    });
  });
});

import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { PROJECT_ROOT } from "../config/files";
import { guardrails, packPolicies } from "../policy/policies";
import { describePolicyFindings } from "../scripts/plan-policies";
import { NON_PRODUCTION_BROKER, POLICY_CASES, PolicyCase } from "./fixtures/planted";
import { fleetsUnderTest } from "./support/fleets";
import { evaluateFleet } from "./support/evaluate";
import {
  deserialize,
  engineProps,
  HarnessResource,
  outputsOf,
  PolicyFinding,
  runPolicy,
  stackFindings,
  unknownLike,
} from "./support/policy-harness";

const served = new Map(packPolicies().map((policy) => [policy.name, policy]));

function servedPolicy(name: string): ResourceValidationPolicy | StackValidationPolicy {
  const policy = served.get(name);
  assert.ok(policy, `the pack serves no policy named ${name}`);
  return policy;
}

/** Findings of one policy on a case's resources, as the server would report them. */
function run(name: string, resources: HarnessResource[], config?: PolicyCase["config"]): Promise<PolicyFinding[]> {
  return runPolicy(servedPolicy(name), resources, { config });
}

describe("policy pack: every policy proven live", () => {
  for (const policy of guardrails) {
    it(`${policy.name} passes its compliant resources and fires on every planted violation`, async () => {
      const testCase = POLICY_CASES[policy.name];
      assert.ok(testCase, `${policy.name} has no case in test/fixtures/planted/`);
      assert.ok(testCase.compliant.length > 0, `${policy.name} has no compliant resources`);
      assert.ok(Object.keys(testCase.violations).length > 0, `${policy.name} has no planted violation`);

      const clean = await run(policy.name, testCase.compliant, testCase.config);
      assert.deepEqual(clean, [], `${policy.name} fired on compliant resources`);
      for (const [what, resources] of Object.entries(testCase.violations)) {
        const findings = await run(policy.name, resources, testCase.config);
        assert.ok(findings.length > 0, `${policy.name} did not fire on the planted violation "${what}"`);
        for (const finding of findings) {
          assert.equal(finding.unknown, undefined, `${what}: ${finding.message}`);
          assert.equal(finding.level, policy.enforcementLevel, `${what}: reported at the policy's level`);
          assert.ok(finding.urn && resources.some((r) => r.urn === finding.urn), `${what}: names the resource`);
        }
      }
    });
  }

  it("every planted case belongs to a policy of the pack", () => {
    const names = new Set(guardrails.map((policy) => policy.name));
    assert.deepEqual(
      Object.keys(POLICY_CASES).filter((name) => !names.has(name)),
      [],
    );
  });

  it("mq-cluster-deployment lets a stack its config names as not production run one broker", async () => {
    const [broker] = NON_PRODUCTION_BROKER.compliant;
    assert.deepEqual(await run("mq-cluster-deployment", [broker], NON_PRODUCTION_BROKER.config), []);
    assert.equal((await run("mq-cluster-deployment", [broker])).length, 1, "without the config it fires");
  });
});

describe("policy pack: a value unknown during preview never passes", () => {
  /**
   * Runs a policy on its compliant resources, recording every top-level property it reads,
   * then again with each of those properties unknown (as a preview delivers a value that
   * depends on a resource not yet created): each run must report something, a violation or
   * the server's "can't run during preview".
   */
  for (const policy of guardrails) {
    it(`${policy.name}`, async () => {
      const { compliant, config } = POLICY_CASES[policy.name];
      const reads = new Map<HarnessResource, Set<string>>();
      const recording = (resource: HarnessResource, stage: "resource" | "stack") => {
        const props = engineProps(stage === "resource" ? deserialize(resource.inputs) : outputsOf(resource));
        const seen = reads.get(resource) ?? new Set<string>();
        reads.set(resource, seen);
        return new Proxy(props, {
          get: (target, key) => {
            if (typeof key === "string") seen.add(key);
            return target[key as string];
          },
        });
      };
      assert.deepEqual(await runPolicy(servedPolicy(policy.name), compliant, { config, propsOf: recording }), []);

      let planted = 0;
      for (const [resource, keys] of reads) {
        for (const key of keys) {
          const withUnknown = (r: HarnessResource, stage: "resource" | "stack") => {
            const props = stage === "resource" ? deserialize(r.inputs) : outputsOf(r);
            return engineProps(r === resource ? { ...props, [key]: unknownLike(props[key]) } : props);
          };
          const findings = await runPolicy(servedPolicy(policy.name), compliant, { config, propsOf: withUnknown });
          assert.ok(findings.length > 0, `${policy.name} passed with ${resource.name}.${key} unknown`);
          planted++;
        }
      }
      // The protection policy reads only the `protect` option, which the engine always knows.
      const readsOptionsOnly = policy.name === "stateful-resources-protected";
      assert.ok(readsOptionsOnly || planted > 0, `${policy.name} read no property of its compliant resources`);
    });
  }
});

describe("policy pack: the fleets deploy without a mandatory violation", () => {
  for (const fleet of fleetsUnderTest()) {
    describe(fleet.name, () => {
      let findings: { stack: string; finding: PolicyFinding }[] = [];
      before(async function () {
        this.timeout(600_000);
        findings = [];
        for (const evaluation of await evaluateFleet(fleet.root)) {
          for (const finding of await stackFindings(evaluation)) findings.push({ stack: evaluation.stack, finding });
        }
      });

      it("has no mandatory violation and no policy that could not run", () => {
        const blocking = findings.filter(({ finding }) => finding.level === "mandatory" || finding.unknown);
        assert.deepEqual(
          blocking.map(({ stack, finding }) => `${stack}: ${finding.policy}: ${finding.message}`),
          [],
        );
      });

      it("lists its advisory findings", function () {
        const counts = new Map<string, number>();
        for (const { stack, finding } of findings) {
          assert.equal(servedPolicy(finding.policy).enforcementLevel, "advisory");
          counts.set(`${stack} ${finding.policy}`, (counts.get(`${stack} ${finding.policy}`) ?? 0) + 1);
        }
        const listed = [...counts].map(([what, count]) => `${what} x${count}`).join("; ");
        this.test!.title = `lists its ${findings.length} advisory findings${listed ? `: ${listed}` : ""}`;
      });
    });
  }
});

describe("npm run plan -- --policies", () => {
  it("prints a stack's findings, mandatory first, each with its policy, level and resource", async () => {
    const { violations } = POLICY_CASES["log-group-retention"];
    const mandatory = await run("log-group-retention", violations["retention unset"]);
    const advisory = await run(
      "secretsmanager-rotation",
      POLICY_CASES["secretsmanager-rotation"].violations["no rotation"],
    );
    const text = describePolicyFindings("prod", [...advisory, ...mandatory]);
    const lines = text.split("\n");
    assert.equal(lines[0], "-- policies (storefront-guardrails) on prod: 1 mandatory, 1 advisory");
    assert.match(lines[1], /^ {2}\[mandatory\] log-group-retention: log group web keeps its logs forever/);
    assert.match(lines[2], /^ {2}\[advisory\] secretsmanager-rotation: secret db never rotates/);
    assert.equal(lines.length, 3);
  });
});

describe("policy pack: documentation and packaging", () => {
  const doc = fs.readFileSync(path.join(PROJECT_ROOT, "docs/policy-pack.md"), "utf8");

  it("docs/policy-pack.md has a row per policy with its controls, level, requirement and missing-value rule, and the counts", () => {
    const rows = doc.split("\n").filter((line) => line.startsWith("| ") && line.includes("`"));
    assert.equal(rows.length, guardrails.length, "one row per policy");
    // Text as a reader sees it: code spans and backslash escapes are markup, so `"*"` and \* read as "*".
    const asRead = (text: string) => text.replace(/`([^`]*)`/g, "$1").replace(/\\([*_|\\`])/g, "$1");
    for (const policy of guardrails) {
      const row = rows.find((line) => line.includes(`\`${policy.name}\``));
      assert.ok(row, `no row for ${policy.name}`);
      const cells = row.split(/(?<!\\)\|/).map((cell) => cell.trim());
      assert.equal(cells[1], policy.controls.join(", "), `${policy.name}: controls`);
      assert.equal(cells[4], policy.enforcementLevel, `${policy.name}: level`);
      assert.equal(asRead(cells[5]), asRead(policy.description), `${policy.name}: requirement is the description`);
      assert.equal(asRead(cells[6]), asRead(policy.missing), `${policy.name}: missing-value rule`);
    }
    const mandatory = guardrails.filter((policy) => policy.enforcementLevel === "mandatory").length;
    assert.ok(doc.includes(`${guardrails.length} policies (${mandatory} mandatory`), "the counts in the introduction");
  });

  it("policy names are unique, kebab-case and say what to change; every policy names its controls", () => {
    const names = guardrails.map((policy) => policy.name);
    assert.equal(new Set(names).size, names.length);
    for (const policy of guardrails) {
      assert.match(policy.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(
        policy.controls.length > 0 && policy.description.length > 40 && policy.missing.length > 10,
        policy.name,
      );
      assert.ok(["mandatory", "advisory"].includes(policy.enforcementLevel));
    }
  });

  it("the pack's own package pins the program's @pulumi/pulumi and the @pulumi/policy the specs run", () => {
    const read = (file: string) => JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8"));
    const [root, pack] = [read("package.json"), read("policy/package.json")];
    assert.equal(pack.dependencies["@pulumi/pulumi"], root.dependencies["@pulumi/pulumi"]);
    assert.equal(pack.overrides["@pulumi/pulumi"], root.dependencies["@pulumi/pulumi"]);
    assert.equal(pack.dependencies["@pulumi/policy"], root.devDependencies["@pulumi/policy"]);
    const lock = read("policy/package-lock.json");
    assert.equal(lock.packages["node_modules/@pulumi/pulumi"].version, root.dependencies["@pulumi/pulumi"]);
    assert.equal(lock.packages["node_modules/@pulumi/policy"].version, pack.dependencies["@pulumi/policy"]);
    assert.match(fs.readFileSync(path.join(PROJECT_ROOT, "policy/PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
  });
});

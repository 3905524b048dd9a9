/**
 * Every name, identifier and description the program sends to AWS, in every stack of every
 * fleet under test, satisfies what AWS documents for it (config/aws-input-rules.ts), and no
 * registered resource type or name-like input escapes the rules unexamined. The planted
 * values that prove the check fires are in aws-input-guard.spec.ts.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { NAME_SOURCES, UNCHECKED_INPUTS } from "../config/aws-name-sources";
import { checkedInputs, CheckedResource, inputProblems, uncoveredInputs } from "../offline/aws-input-check";
import { evaluateFleet } from "../offline/evaluate";
import { reveal } from "../offline/recorded-values";
import { INPUT_RULES_DOC, renderInputRulesDoc } from "../scripts/input-rules-doc";
import { fleetsUnderTest } from "./support/fleets";

describe("AWS input rules", () => {
  for (const fleet of fleetsUnderTest()) {
    describe(fleet.name, () => {
      let resources: CheckedResource[] = [];
      before(async () => {
        resources = (await evaluateFleet(fleet.root)).flatMap((stack) => stack.cloud.resources);
      });

      it("sends AWS no name, identifier or description it refuses", () => {
        assert.deepEqual(
          inputProblems(resources).map((p) => p.message),
          [],
        );
      });

      it("checks the name of every resource the program or Pulumi names, set or generated", () => {
        const named = resources.filter((r) => {
          const source = NAME_SOURCES[r.type];
          if (!source || r.custom === false || source.input in (UNCHECKED_INPUTS[r.type] ?? {})) return false;
          const set = (input?: string) => input !== undefined && reveal(r.inputs[input]) !== undefined;
          return set(source.input) || set(source.prefixInput) || source.autoName !== undefined;
        });
        const checked = new Set(
          checkedInputs(resources)
            .filter((c) => c.input === NAME_SOURCES[c.resource.type]?.input)
            .map((c) => c.resource),
        );
        assert.ok(named.length > 100, `only ${named.length} named resources: the fleet was not evaluated`);
        assert.deepEqual(
          named.filter((r) => !checked.has(r)).map((r) => `${r.type} ${r.name}`),
          [],
        );
      });

      it("checks the name of every container inside every task definition's containerDefinitions", () => {
        const tasks = resources.filter((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition");
        const containerNames = tasks.flatMap((r) =>
          (JSON.parse(String(reveal(r.inputs.containerDefinitions))) as { name: string }[]).map((c) => c.name),
        );
        const checked = checkedInputs(tasks)
          .filter((c) => /^containerDefinitions\[\d+\]\.name$/.test(c.input))
          .map((c) => c.value);
        assert.ok(tasks.length > 0, "no task definition registered");
        assert.deepEqual(checked.sort(), containerNames.sort());
      });

      it("leaves no registered AWS type or name-like input without a rule or a stated reason", () => {
        assert.deepEqual(uncoveredInputs(resources), []);
      });
    });
  }

  it("docs/aws-input-rules.md lists the current rules (npm run docs:input-rules)", () => {
    const current = fs.readFileSync(INPUT_RULES_DOC, "utf8");
    assert.equal(current, renderInputRulesDoc(current));
  });
});

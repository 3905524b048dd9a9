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
      let byStack: Array<{ stack: string; resources: CheckedResource[] }> = [];
      before(async () => {
        byStack = (await evaluateFleet(fleet.root)).map((e) => ({ stack: e.stack, resources: e.cloud.resources }));
        resources = byStack.flatMap((stack) => stack.resources);
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
        // Not a count pinned to one fleet's size (a one-cell fleet is valid): every stack of the fleet was evaluated and names resources.
        const namedSet = new Set(named);
        assert.ok(byStack.length > 0, "the fleet was not evaluated");
        for (const { stack, resources: own } of byStack) {
          assert.ok(
            own.some((r) => namedSet.has(r)),
            `stack ${stack} registered no named resource`,
          );
        }
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

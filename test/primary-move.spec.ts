import { strict as assert } from "node:assert";
import { readCellConfig } from "../config/cell";
import { cellStacks, deployOrder, homeStackOf } from "../config/deploy-order";
import { loadStackConfig, PROJECT_ROOT } from "../config/files";
import { REPLACED_ON_CHANGE, STATEFUL_TYPES } from "../config/replacement-inputs";
import { engineUrns } from "../offline/engine-urns";
import { RecordedResource } from "../offline/mock-cloud";
import { isSecretInput } from "../offline/recorded-values";
import { THIRD_CELL, threeCellRoot } from "./fixtures/three-cells";
import { evaluateFleet, StackEvaluation } from "./support/evaluate";
import { fleetWithPrimaryMoved } from "./support/primary-move";

/**
 * Moving the primary after an Aurora switchover or failover: the operator names another cell
 * the primary (docs/recovery.md) and deploys. Each fleet is evaluated as it is and with the
 * primary moved, and the two are compared resource by resource under the engine's URNs: every
 * stateful resource keeps its URN (so it is neither deleted nor created), no resource's
 * replace-forcing input changes (config/replacement-inputs.ts), and what does change is never
 * stateful. The shipped fleet moves its primary to its second cell (a one-cell fleet has
 * nowhere to move it), the three-cell fixture to its last-listed cell.
 */

/** A recorded input tree with every secret envelope opened, for comparing values. */
function plain(value: unknown): unknown {
  if (isSecretInput(value)) return plain((value as { value: unknown }).value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  }
  return value;
}

/** Each custom resource of an evaluation by its engine URN. */
function byUrn(evaluation: StackEvaluation): Map<string, RecordedResource> {
  const urns = engineUrns(evaluation.cloud.resources, evaluation.stack);
  return new Map(evaluation.cloud.resources.filter((r) => r.custom).map((r) => [urns.get(r.urn)!.urn, r]));
}

const isStateful = (type: string) => STATEFUL_TYPES.includes(type);

/**
 * Replaced on a move, by design: a Region switch plan's primary region is the primary's, and
 * ARC cannot update a plan's regions or primary region in place. Plans hold no state
 * (docs/recovery.md, "What a move replaces").
 */
const REPLACED_ON_MOVE = ["aws:arcregionswitch/plan:Plan"];
const PLAN = "aws:arcregionswitch/plan:Plan";

interface Move {
  name: string;
  root: string;
  /** The cell made the primary. */
  to: string;
}

/** The moves under test: from each fleet's home to another of its cells. */
function moves(): Move[] {
  const shipped = cellStacks(PROJECT_ROOT);
  return [
    ...(shipped.length > 1 ? [{ name: "shipped stack files", root: PROJECT_ROOT, to: shipped[1] }] : []),
    { name: "three-cell fixture", root: threeCellRoot(), to: THIRD_CELL },
  ];
}

describe("moving the primary replaces nothing", () => {
  for (const move of moves()) {
    describe(`${move.name}: primary moved to ${move.to}`, () => {
      const movedRoot = fleetWithPrimaryMoved(move.root, move.to);
      const stacks = deployOrder(move.root);
      const home = cellStacks(move.root)[0];
      const formerPrimary = stacks.find((stack) => stack !== "global" && readsAsPrimary(move.root, stack));
      let original: StackEvaluation[] = [];
      let moved: StackEvaluation[] = [];
      const pair = (stack: string): [Map<string, RecordedResource>, Map<string, RecordedResource>] => {
        const [b, a] = [original, moved].map((fleet) => fleet.find((s) => s.stack === stack));
        assert.ok(b && a, `${stack} evaluated before and after`);
        return [byUrn(b), byUrn(a)];
      };
      before(async () => {
        original = await evaluateFleet(move.root);
        moved = await evaluateFleet(movedRoot);
      });

      it("keeps the home, names the new primary, and deploys the home, then the new primary, then the rest, then the edge", () => {
        assert.equal(homeStackOf(loadStackConfig(home, move.root)), home);
        const rest = stacks.filter((s) => s !== home && s !== move.to);
        const cells = cellStacks(move.root);
        assert.deepEqual(deployOrder(movedRoot), [
          home,
          move.to,
          ...rest.filter((s) => cells.includes(s)),
          ...rest.filter((s) => !cells.includes(s)),
        ]);
        for (const stack of cellStacks(movedRoot)) {
          const config = readCellConfig(loadStackConfig(stack, movedRoot), stack);
          assert.equal(config.isPrimary, stack === move.to, `${stack} isPrimary`);
          assert.equal(config.isHome, stack === home, `${stack} isHome`);
        }
      });

      for (const stack of stacks) {
        it(`${stack}: every stateful resource keeps its URN; none is added or removed`, () => {
          const [b, a] = pair(stack);
          const stateful = (m: Map<string, RecordedResource>) =>
            [...m]
              .filter(([, r]) => isStateful(r.type))
              .map(([urn]) => urn)
              .sort();
          assert.deepEqual(stateful(a), stateful(b));
          if (stack !== "global")
            assert.ok(stateful(b).length >= 10, `${stack}: ${stateful(b).length} stateful resources`);
        });

        it(`${stack}: no replace-forcing input changes but a Region switch plan's, and only resources that hold no state change at all`, () => {
          const [b, a] = pair(stack);
          const changed: string[] = [];
          const replaced: string[] = [];
          for (const [urn, old] of b) {
            const now = a.get(urn);
            if (!now) {
              assert.ok(!isStateful(old.type), `${urn} would be deleted`);
              continue;
            }
            const forcing = (REPLACED_ON_CHANGE[old.type] ?? []).filter(
              (field) => JSON.stringify(plain(now.inputs[field])) !== JSON.stringify(plain(old.inputs[field])),
            );
            if (forcing.length > 0) {
              assert.ok(REPLACED_ON_MOVE.includes(old.type), `${urn}: ${forcing.join(", ")} would replace it`);
              replaced.push(urn);
            }
            if (JSON.stringify(plain(now.inputs)) !== JSON.stringify(plain(old.inputs))) changed.push(urn);
            assert.equal(now.protect, old.protect, `${urn}: protect`);
            assert.deepEqual(now.ignoreChanges, old.ignoreChanges, `${urn}: ignoreChanges`);
          }
          const statefulChanged = changed.filter((urn) => isStateful(b.get(urn)!.type));
          assert.deepEqual(statefulChanged, [], "stateful resources whose inputs change");
          if (stack !== "global") assert.deepEqual(replaced, [], "replacements in a cell");
          // A cell that is neither the old nor the new primary is not touched at all.
          if (stack !== "global" && stack !== move.to && stack !== formerPrimary) assert.deepEqual(changed, []);
        });
      }

      it("replaces every Region switch plan that paired the former primary: each plan after the move starts from the new primary and is new (new URN or a replace-forcing change)", () => {
        const [b, a] = pair("global");
        const newRegion = readCellConfig(loadStackConfig(move.to, movedRoot), move.to).region;
        const after = [...a].filter(([, r]) => r.type === PLAN);
        assert.ok(after.length > 0, "the fleet has plans");
        for (const [urn, plan] of after) {
          assert.equal(plan.inputs.primaryRegion, newRegion, `${urn}: primary region`);
          const before = b.get(urn);
          assert.ok(
            before === undefined || plain(before.inputs.primaryRegion) !== plain(plan.inputs.primaryRegion),
            `${urn}: kept in place, yet ARC cannot change its primary region`,
          );
        }
      });

      it("does move the primary: the outputs, and what the old and new primary's tasks are told about writing", () => {
        const outputs = (fleet: StackEvaluation[], stack: string) => fleet.find((s) => s.stack === stack)!.outputs;
        assert.ok(formerPrimary, "the fleet had a primary");
        assert.equal(outputs(original, formerPrimary).isPrimary, true);
        assert.equal(outputs(moved, formerPrimary).isPrimary, false);
        assert.equal(outputs(original, move.to).isPrimary, false);
        assert.equal(outputs(moved, move.to).isPrimary, true);
        for (const fleet of [original, moved]) assert.equal(outputs(fleet, home).isHome, true);
        const forwarding = (fleet: StackEvaluation[], stack: string): string[] =>
          fleet
            .find((s) => s.stack === stack)!
            .cloud.ofType("aws:ecs/taskDefinition:TaskDefinition")
            .map((task) => JSON.parse(plain(task.inputs.containerDefinitions) as string)[0].environment)
            .map(
              (env: { name: string; value: string }[]) =>
                env.find((e) => e.name === "DB_WRITE_FORWARDING")?.value ?? "",
            );
        // Write forwarding is an opt-in (storefront:database.writeForwarding): a cell's tasks
        // forward exactly when its config turns it on and it is not the primary.
        const forwards = (root: string, stack: string) => {
          const config = readCellConfig(loadStackConfig(stack, root), stack);
          return config.data.database.writeForwarding && !config.isPrimary;
        };
        for (const [fleet, root] of [
          [original, move.root],
          [moved, movedRoot],
        ] as const) {
          for (const stack of [formerPrimary, move.to]) {
            const told = forwarding(fleet, stack);
            assert.ok(told.length > 0, `${stack}: task definitions`);
            assert.deepEqual(
              [...new Set(told)],
              [String(forwards(root, stack))],
              `${stack} ${fleet === moved ? "after" : "before"} the move: DB_WRITE_FORWARDING`,
            );
          }
        }
        assert.equal(forwards(movedRoot, move.to), false, "the new primary writes directly");
      });

      it("flips the primary-only jobs' schedules in place: ENABLED in the new primary, DISABLED in the former", () => {
        assert.ok(formerPrimary);
        const states = (fleet: StackEvaluation[], stack: string) =>
          Object.fromEntries(
            fleet
              .find((s) => s.stack === stack)!
              .cloud.ofType("aws:scheduler/schedule:Schedule")
              .map((schedule) => [schedule.inputs.name, schedule.inputs.state]),
          );
        for (const [stack, wasPrimary] of [
          [formerPrimary, true],
          [move.to, false],
        ] as const) {
          const jobs = readCellConfig(loadStackConfig(stack, move.root), stack).background.jobs;
          const state = (enabled: boolean) => (enabled ? "ENABLED" : "DISABLED");
          const expected = (isPrimary: boolean) =>
            Object.fromEntries(
              jobs.map((job) => [job.name, state(job.enabled && (job.runIn === "every-cell" || isPrimary))]),
            );
          assert.deepEqual(states(original, stack), expected(wasPrimary), `${stack} before`);
          assert.deepEqual(states(moved, stack), expected(!wasPrimary), `${stack} after`);
        }
      });
    });
  }
});

/** Whether the config of `stack` at `root` makes it the primary. */
function readsAsPrimary(root: string, stack: string): boolean {
  return readCellConfig(loadStackConfig(stack, root), stack).isPrimary;
}

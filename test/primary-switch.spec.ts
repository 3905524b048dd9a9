import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { readCellConfig } from "../config/cell";
import { cellStacks } from "../config/deploy-order";
import { ConfigError, RawConfig } from "../config/reader";
import { OriginSecretConfig } from "../config/origin-secret";
import { CellFile, checkRoles } from "../config/primary-switch";
import { MockCloud } from "../offline/mock-cloud";
import { originSecrets } from "../stacks/cell-roles";
import { fixtureRaw, THIRD_CELL, THREE_CELLS_ROOT } from "./fixtures/three-cells";

/** The fixture fleet's cell files with the shared keys set as Pulumi.yaml would set them. */
function fleet(shared: RawConfig, edit: (stack: string, raw: RawConfig) => RawConfig = (_, raw) => raw): CellFile[] {
  return cellStacks(THREE_CELLS_ROOT).map((stack) => ({
    stack,
    raw: edit(stack, { ...fixtureRaw(stack), ...shared }),
  }));
}

const MOVED = {
  "storefront:primaryRegion": THIRD_CELL,
  "storefront:primaryStack": THIRD_CELL,
  "storefront:homeStack": "us-east-1",
};

describe("checkRoles: which primary moves are safe", () => {
  it("accepts the primary moved to any member of the global database while the home stays", () => {
    assert.deepEqual(checkRoles(fleet({})), []);
    assert.deepEqual(checkRoles(fleet(MOVED)), []);
    for (const stack of cellStacks(THREE_CELLS_ROOT)) {
      const config = readCellConfig({ ...fixtureRaw(stack), ...MOVED }, stack);
      assert.equal(config.isPrimary, stack === THIRD_CELL, stack);
      assert.equal(config.isHome, stack === "us-east-1", stack);
    }
  });

  it("refuses moving the home: homeStack naming a cell that did not create the global database", () => {
    const problems = checkRoles(fleet({ ...MOVED, "storefront:homeStack": THIRD_CELL }));
    assert.equal(problems.length, 1);
    assert.match(
      problems[0],
      /^storefront:homeStack = "ap-southeast-2", but the global database was created by "us-east-1": Pulumi\.us-east-1\.yaml holds/,
    );
    assert.match(
      problems[0],
      /set storefront:homeStack: us-east-1 in Pulumi\.yaml \(docs\/recovery\.md, "Planned switchover"\)$/,
    );
  });

  it("refuses a primary whose region has no cluster of the global database (not in the home's replicaRegions)", () => {
    const problems = checkRoles(
      fleet(MOVED, (stack, raw) =>
        stack === "us-east-1"
          ? {
              ...raw,
              "storefront:database": JSON.stringify({
                ...JSON.parse(raw["storefront:database"]),
                replicaRegions: ["eu-west-1"],
              }),
            }
          : raw,
      ),
    );
    assert.equal(problems.length, 1);
    assert.match(
      problems[0],
      /^storefront:primaryStack = "ap-southeast-2" \(primaryRegion "ap-southeast-2"\): ap-southeast-2 is not in storefront:database\.replicaRegions of the home "us-east-1"/,
    );
    assert.match(problems[0], /docs\/add-a-region\.md/);
  });

  it("refuses a primaryStack or homeStack that names no cell stack file", () => {
    const problems = checkRoles(fleet({ ...MOVED, "storefront:primaryStack": "sa-east-1" }));
    assert.deepEqual(problems, [
      'storefront:primaryStack = "sa-east-1" names no cell stack file here (cells: us-east-1, eu-west-1, ap-southeast-2): name the cell\'s stack (docs/recovery.md)',
    ]);
  });

  it("refuses two primaries: a stack file that overrides the primary the others follow", () => {
    const problems = checkRoles(
      fleet({}, (stack, raw) =>
        stack === "eu-west-1"
          ? { ...raw, ...MOVED, "storefront:primaryStack": "eu-west-1", "storefront:primaryRegion": "eu-west-1" }
          : raw,
      ),
    );
    assert.ok(problems.length >= 2, problems.join("\n"));
    assert.match(
      problems.join("\n"),
      /storefront:primaryRegion = "eu-west-1" in stack "eu-west-1" but "us-east-1" in stack "us-east-1": a fleet has one primary and one home/,
    );
  });

  it("refuses originSecret on a cell that is not the home (naming homeStack), and a slot or generation out of range", () => {
    const raw = { ...fixtureRaw("eu-west-1"), "storefront:originSecret": JSON.stringify({ activeSlot: "b" }) };
    assert.throws(
      () => readCellConfig(raw, "eu-west-1"),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems.some(
          (p) =>
            p.key === "storefront:originSecret" &&
            /belongs to the home cell "us-east-1" \(homeStack\) only/.test(p.message),
        ),
    );
    const bad = {
      ...fixtureRaw("us-east-1"),
      "storefront:originSecret": JSON.stringify({ activeSlot: "c", slotBGeneration: 0 }),
    };
    assert.throws(
      () => readCellConfig(bad, "us-east-1"),
      (error: unknown) =>
        error instanceof ConfigError &&
        ["storefront:originSecret.activeSlot", "storefront:originSecret.slotBGeneration"].every((key) =>
          error.problems.some((p) => p.key === key),
        ),
    );
  });
});

describe("origin secret slots", () => {
  let cloud: MockCloud;
  before(async () => {
    cloud = new MockCloud();
    await cloud.install("origin-slots");
  });
  after(async () => {
    await pulumi.runtime.disconnect();
  });

  const resolve = <T>(output: pulumi.Output<T>) => new Promise<T>((done) => output.apply(done));

  it("generates two values, protects only the active slot, keys a regenerated slot by its generation, and sends the active one", async () => {
    const config: OriginSecretConfig = { activeSlot: "b", slotAGeneration: 3, slotBGeneration: 1 };
    const secrets = originSecrets(undefined, config);
    const [slots, active] = await Promise.all([Promise.all(secrets.slots.map(resolve)), resolve(secrets.active)]);
    assert.equal(slots.length, 2);
    assert.notEqual(slots[0], slots[1]);
    assert.equal(active, slots[1]);
    for (const output of [...secrets.slots, secrets.active]) assert.equal(await pulumi.isSecret(output), true);
    const [a, b] = ["origin-verify-secret", "origin-verify-secret-b"].map((name) =>
      cloud.one("random:index/randomPassword:RandomPassword", name),
    );
    assert.deepEqual([a.protect, b.protect], [false, true]);
    // Generation 1 has no keeper, so slot a keeps the value it had before slots existed.
    assert.deepEqual(a.inputs.keepers, { generation: "3" });
    assert.equal(b.inputs.keepers, undefined);
  });
});

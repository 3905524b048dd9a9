/**
 * The data stores' security-group descriptions, pinned on the fixture fleet. A security
 * group's description cannot be updated (EC2 has no call for it), so a changed description
 * replaces the group; an Amazon MQ RabbitMQ broker cannot change its security groups after
 * creation, so replacing the broker's group means replacing the broker. Any edit to these
 * texts must therefore be a deliberate migration, not a wording change.
 */
import { strict as assert } from "node:assert";
import { cellStacks } from "../config/deploy-order";
import { StackEvaluation } from "../offline/evaluate";
import { evaluateThreeCells, threeCellRoot } from "./fixtures/three-cells";

/** The deployed descriptions: changing one replaces that group in every cell. */
const DATA_STORE_GROUP_DESCRIPTIONS: Record<string, string> = {
  database: "Aurora: admits only task security groups of the cell (rules added per client)",
  cache: "Valkey: admits only task security groups of the cell (rules added per client)",
  broker: "RabbitMQ: admits only task security groups of the cell (rules added per client)",
};

describe("data-store security groups (fixture fleet)", () => {
  let fleet: StackEvaluation[] = [];
  before(async () => {
    fleet = await evaluateThreeCells();
  });

  it("keep their descriptions in every cell: a new description replaces the group, and a RabbitMQ broker cannot change its security groups", () => {
    const stacks = cellStacks(threeCellRoot());
    assert.equal(stacks.length, 3);
    for (const stack of stacks) {
      const { cloud } = fleet.find((e) => e.stack === stack)!;
      for (const [role, description] of Object.entries(DATA_STORE_GROUP_DESCRIPTIONS)) {
        const group = cloud.one("aws:ec2/securityGroup:SecurityGroup", `-${role}`);
        assert.equal(
          group.inputs.description,
          description,
          `${stack}: the ${role} security group's description changed. EC2 cannot update a description, so ` +
            `Pulumi would replace ${group.name}${role === "broker" ? ", and a RabbitMQ broker cannot change its security groups: the broker would have to be replaced" : " (a new group, then the store moved onto it)"}. Keep the deployed text`,
        );
      }
    }
  });
});

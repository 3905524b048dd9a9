import { strict as assert } from "node:assert";
import { cellStacks, deployOrder } from "../config/deploy-order";
import { engineUrns } from "../offline/engine-urns";
import { evaluateFleet, StackEvaluation } from "./support/evaluate";
import { fleetsUnderTest } from "./support/fleets";

/**
 * Resources that moved keep their URNs: a resource whose URN changes is deleted and created
 * again, which for a role or a task definition means a moment without it. The web service's
 * task definition, roles, logs and data-tier grants were once created by the web service
 * itself and now come from its FargateTask; each must answer, through an alias, to the URN
 * it had under the web service. The edge's web ACL component was typed
 * `storefront:edge:EdgeWebAcl` before its token followed its class name (`WebAcl`); it and
 * the WAF ACL under it must answer to their URNs under the old token. The URNs are the
 * engine's (every ancestor's type), computed from what the mocks recorded
 * (offline/engine-urns.ts).
 */
const SERVICE = "storefront:cell:WebService";
const TASK = "storefront:cell:FargateTask";
const WEB_ACL = "storefront:edge:WebAcl";
const FORMER_WEB_ACL = "storefront:edge:EdgeWebAcl";

describe("URN continuity", () => {
  for (const fleet of fleetsUnderTest()) {
    describe(fleet.name, () => {
      let stacks: StackEvaluation[] = [];
      before(async () => {
        stacks = await evaluateFleet(fleet.root);
      });

      for (const stack of cellStacks(fleet.root)) {
        it(`${stack}: the web service's task resources answer to the URNs they had under the web service`, () => {
          const evaluation = stacks.find((s) => s.stack === stack);
          assert.ok(evaluation, `stack ${stack} was evaluated`);
          const urns = [...engineUrns(evaluation.cloud.resources, stack).values()];
          const moved = urns.filter(({ urn }) => urn.includes(`$${SERVICE}$${TASK}$`));
          // The log group, two roles, the execution policy, the task definition, the data
          // tier's access component, its two role policies and a rule pair per store.
          assert.ok(moved.length >= 8, `${moved.length} resources under the web service's task`);
          for (const { urn, aliases } of moved) {
            const before = urn.replace(`$${SERVICE}$${TASK}$`, `$${SERVICE}$`);
            assert.ok(aliases.includes(before), `${urn} answers to ${before}`);
          }
        });
      }

      for (const stack of deployOrder(fleet.root)) {
        it(`${stack}: no two resources answer to one URN`, () => {
          const evaluation = stacks.find((s) => s.stack === stack);
          assert.ok(evaluation);
          const claims = [...engineUrns(evaluation.cloud.resources, stack).values()].flatMap(({ urn, aliases }) => [
            urn,
            ...aliases,
          ]);
          const repeated = claims.filter((urn, i) => claims.indexOf(urn) !== i);
          assert.deepEqual(repeated, []);
        });
      }

      it("global: the web ACL and the WAF ACL under it answer to the URNs they had as EdgeWebAcl", () => {
        const edge = stacks.find((s) => s.cloud.resources.some((r) => r.type === WEB_ACL));
        assert.ok(edge, "one stack holds the web ACL");
        const urns = [...engineUrns(edge.cloud.resources, edge.stack).values()];
        const renamed = urns.filter(({ urn }) => urn.includes(`${WEB_ACL}::`) || urn.includes(`${WEB_ACL}$`));
        assert.ok(
          renamed.some(({ urn }) => urn.includes("$aws:wafv2/webAcl:WebAcl::")),
          "the WAF ACL itself",
        );
        for (const { urn, aliases } of renamed) {
          const before = urn.replace(WEB_ACL, FORMER_WEB_ACL);
          assert.ok(aliases.includes(before), `${urn} answers to ${before}`);
        }
      });
    });
  }
});

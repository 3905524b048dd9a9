/**
 * docs/ci-cd.md against the evaluated fleets: the deploy role it describes may pass roles
 * only to the services named in its `iam:PassedToService` list, and every role the program
 * creates is passed to the service its trust policy names. A role for a new service must
 * therefore reach that list, or `pulumi up` fails with AccessDenied on the call that hands
 * the role over.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../config/files";
import { evaluateFleet } from "../offline/evaluate";
import { reveal } from "../offline/recorded-values";
import { fleetsUnderTest } from "./support/fleets";

const CI_CD = path.join(PROJECT_ROOT, "docs/ci-cd.md");

/** The code spans of the sentence that limits `iam:PassedToService`, up to its semicolon. */
function passedToServices(markdown: string): string[] {
  const text = markdown.replace(/\s+/g, " ");
  const start = text.indexOf("`iam:PassedToService` limited to");
  assert.ok(start >= 0, "docs/ci-cd.md names no iam:PassedToService list");
  const sentence = text.slice(start, text.indexOf(";", start));
  return [...sentence.matchAll(/`([^`]+)`/g)].map((m) => m[1]).filter((s) => s !== "iam:PassedToService");
}

/** Every service principal a trust policy of this statement list names. */
function servicePrincipals(policy: unknown): string[] {
  const document = typeof policy === "string" ? JSON.parse(policy) : policy;
  const statements = [(document as { Statement?: unknown }).Statement ?? []].flat() as Record<string, any>[];
  return statements.flatMap((s) => [s.Principal?.Service ?? []].flat() as string[]);
}

describe("docs/ci-cd.md deploy role", () => {
  const documented = passedToServices(fs.readFileSync(CI_CD, "utf8"));

  it("reads a list of services from the iam:PassedToService sentence", () => {
    assert.ok(documented.length > 0);
    for (const service of documented) assert.match(service, /^[a-z0-9.-]+\.amazonaws\.com$/, service);
  });

  for (const fleet of fleetsUnderTest()) {
    it(`may pass every role of the ${fleet.name} to the service that assumes it`, async () => {
      const principals = new Map<string, string>();
      for (const stack of await evaluateFleet(fleet.root)) {
        for (const role of stack.cloud.ofType("aws:iam/role:Role")) {
          for (const service of servicePrincipals(reveal(role.inputs.assumeRolePolicy))) {
            principals.set(service, `${stack.stack}: ${role.name}`);
          }
        }
      }
      assert.ok(principals.size > 0, `no role of the ${fleet.name} names a service principal`);
      const missing = [...principals].filter(([service]) => !documented.includes(service));
      assert.deepEqual(
        missing.map(([service, role]) => `${service} (assumes ${role})`),
        [],
        "docs/ci-cd.md: add these services to the deploy role's iam:PassedToService list",
      );
    });
  }
});

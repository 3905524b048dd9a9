import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { findPlaceholders, placeholderReason } from "../config/placeholders";
import { runPlan } from "../scripts/plan-run";
import { THREE_CELLS_ROOT } from "./fixtures/three-cells";
import { fleetCopy } from "./support/fixture-copy";

/** Replaces every example value of a fleet copy with a real-looking one. */
function withRealValues(root: string): void {
  for (const file of fs.readdirSync(root).filter((f) => f.endsWith(".yaml"))) {
    const target = path.join(root, file);
    const text = fs
      .readFileSync(target, "utf8")
      .replace(/shop\.example\.com/g, "shop.acme-retail.com")
      .replace(/Z0123456789EXAMPLEZONE/g, "Z08123456ABCDEFGHIJKL")
      .replace(/[\w.-]+\.example\.(com|net)/g, "partner.acme-retail.com")
      .replace(/public\.ecr\.aws\/storefront\//g, "123456789012.dkr.ecr.us-east-1.amazonaws.com/storefront/");
    fs.writeFileSync(target, text);
  }
}

describe("npm run plan -- --deploy-check", () => {
  it("fails while example values remain, naming each file, key and why, without evaluating anything", async () => {
    const { code, stdout, stderr } = await runPlan(["--root", THREE_CELLS_ROOT, "--deploy-check"]);
    assert.equal(code, 1);
    assert.equal(stdout, "");
    const lines = stderr.split("\n");
    assert.equal(lines[0], "Deploy check failed: 13 example values to replace before a deploy:");
    assert.ok(
      lines.includes(
        '  Pulumi.yaml: domain = "shop.example.com": the example domain: use a domain you own, whose hosted zone is hostedZoneId',
      ),
    );
    assert.ok(lines.includes('  Pulumi.yaml: hostedZoneId = "Z0123456789EXAMPLEZONE": an example id'));
    assert.ok(
      lines.includes(
        '  Pulumi.eu-west-1.yaml: storefront:alarms.email = "oncall-emea@shop.example.com": an e-mail address at an example domain: nobody reads it',
      ),
    );
    assert.ok(
      lines.includes(
        '  Pulumi.us-east-1.yaml: storefront:externalSystems[1].baseUrl = "https://api.marketplace.example.net/products": a URL at an example domain',
      ),
    );
    assert.ok(
      lines.some(
        (l) =>
          l.startsWith("  Pulumi.ap-southeast-2.yaml: storefront:web.image = ") &&
          l.endsWith("a sample image: push your own and pin its tag or digest"),
      ),
    );
    assert.equal(lines.at(-1), "Then work through the checklist in docs/deploying.md.");
  });

  it("passes once every example value is replaced", async () => {
    const root = fleetCopy(THREE_CELLS_ROOT);
    withRealValues(root);
    assert.deepEqual(findPlaceholders(root), []);
    const { code, stdout } = await runPlan(["--root", root, "--deploy-check"]);
    assert.equal(code, 0);
    assert.match(stdout, /^Deploy check passed: no example values remain/);
  });

  it("tells an example value from a real one", () => {
    assert.equal(placeholderReason("storefront:alarms.email", "oncall@acme.com"), undefined);
    assert.equal(placeholderReason("storefront:alarms.email", "team@notexample.com"), undefined);
    assert.match(placeholderReason("domain", "example.org")!, /example domain/);
    assert.match(
      placeholderReason("storefront:edgeDistributionArn", "arn:aws:cloudfront::123456789012:distribution/EXAMPLE")!,
      /example id/,
    );
  });
});

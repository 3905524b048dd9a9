import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadStackConfig } from "../config/files";
import { THREE_CELLS_ROOT } from "./fixtures/three-cells";
import { fleetCopy } from "./support/fixture-copy";

/**
 * loadStackConfig keeps merged configs by the files' content (every stack's evaluation reads
 * its siblings' files): an edit must still be seen at once, and a caller's changes to what
 * it got must not reach the next caller.
 */
describe("loadStackConfig's cache of merged stack files", () => {
  it("sees an edit of the stack file or of Pulumi.yaml on the next read, even one of the same length", () => {
    const root = fleetCopy(THREE_CELLS_ROOT);
    assert.equal(loadStackConfig("global", root)["storefront:priceClass"], "PriceClass_All");
    const global = path.join(root, "Pulumi.global.yaml");
    fs.writeFileSync(global, fs.readFileSync(global, "utf8").replace("PriceClass_All", "PriceClass_100"));
    assert.equal(loadStackConfig("global", root)["storefront:priceClass"], "PriceClass_100");
    const project = path.join(root, "Pulumi.yaml");
    fs.writeFileSync(project, fs.readFileSync(project, "utf8").replace("default: platform", "default: platfrm"));
    assert.equal(loadStackConfig("global", root)["storefront:owner"], "platfrm");
  });

  it("hands every caller its own copy", () => {
    // RawConfig is read-only by type; a caller that casts it away must still not reach the cache.
    const first = loadStackConfig("eu-west-1", THREE_CELLS_ROOT) as Record<string, string>;
    const region = first["aws:region"];
    first["aws:region"] = "changed-by-a-caller";
    assert.equal(loadStackConfig("eu-west-1", THREE_CELLS_ROOT)["aws:region"], region);
  });
});

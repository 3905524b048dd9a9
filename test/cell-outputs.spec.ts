import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { cellOutputValue, requireCellOutput } from "../stacks/cell-outputs";

/**
 * The edge and the secondary cells read a cell's outputs by name through helpers keyed by
 * `CellStackOutputs`. The assertion here is the type check (`npm test` runs `tsc` first):
 * each marked line must fail to compile, so a helper that accepted any string, or an output
 * renamed on one side only, fails the suite instead of a deploy.
 */
describe("typed cell outputs", () => {
  it("accept only names a cell stack exports, with that output's type", () => {
    const reads = (cell: pulumi.StackReference) => {
      const bucket: pulumi.Output<string> = requireCellOutput(cell, "mediaBucketDomainName");
      const primary: Promise<boolean | undefined> = cellOutputValue(cell, "isPrimary");
      // @ts-expect-error the bucket's domain name output is `mediaBucketDomainName`
      const misspelt = requireCellOutput(cell, "mediaBucketDomain");
      // @ts-expect-error `databasePort` is a number, not a string
      const port: pulumi.Output<string> = requireCellOutput(cell, "databasePort");
      // @ts-expect-error `isPrimary` is a boolean
      const role: Promise<string | undefined> = cellOutputValue(cell, "isPrimary");
      return [bucket, primary, misspelt, port, role];
    };
    // Never called: building a StackReference needs an engine; the compiler checked the calls.
    assert.equal(reads.length, 1);
  });
});

import { strict as assert } from "node:assert";
import { isOriginShieldRegion, ORIGIN_SHIELD_REGIONS, originShieldRegionFor } from "../config/aws-limits";
import { checkRegion } from "../config/shared";

describe("Origin Shield regions", () => {
  it("shields an origin in its own region where CloudFront runs Origin Shield there", () => {
    for (const region of ORIGIN_SHIELD_REGIONS) assert.equal(originShieldRegionFor(region), region);
    assert.equal(new Set(ORIGIN_SHIELD_REGIONS).size, ORIGIN_SHIELD_REGIONS.length);
  });

  it("shields an origin elsewhere from a nearby region CloudFront accepts", () => {
    const cases: [string, string][] = [
      ["us-west-1", "us-west-2"],
      ["ca-central-1", "us-east-1"],
      ["eu-west-3", "eu-west-2"],
      ["eu-north-1", "eu-central-1"],
      ["ap-northeast-3", "ap-northeast-1"],
      ["ap-east-1", "ap-southeast-1"],
    ];
    for (const [origin, shield] of cases) {
      assert.equal(originShieldRegionFor(origin), shield, origin);
      assert.ok(isOriginShieldRegion(shield), shield);
    }
    assert.equal(isOriginShieldRegion("eu-north-1"), false);
  });

  it("never names a shield region CloudFront would refuse, and leaves an unknown region unshielded", () => {
    for (const region of ["us-west-1", "eu-south-2", "me-central-1", "af-south-1", "ap-southeast-4", "mx-central-1"]) {
      assert.equal(checkRegion(region), undefined, region);
      const shield = originShieldRegionFor(region);
      assert.ok(shield !== undefined && isOriginShieldRegion(shield), `${region} -> ${shield}`);
    }
    assert.equal(originShieldRegionFor("xx-nowhere-9"), undefined);
  });
});

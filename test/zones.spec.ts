import { strict as assert } from "node:assert";
import { readCellConfig } from "../config/cell";
import { DEFAULT_EXCLUDED_ZONES, defaultExcludedZoneIds, EXCLUDED_ZONES_CHECKED } from "../config/excluded-zones";
import { loadStackConfig } from "../config/files";
import { RawConfig } from "../config/reader";
import { chooseZones, checkZoneId, sortZoneIds, zoneIdPrefix } from "../network/zones";
import { mockAvailabilityZones } from "../offline/mock-cloud";
import { configErrorOf } from "./support/config-errors";

/** A region as an account might see it: names in one order, IDs in another. */
const ACCOUNT = {
  names: ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"],
  zoneIds: ["use1-az6", "use1-az1", "use1-az3", "use1-az10", "use1-az2", "use1-az4"],
};

const request = (extra: Partial<Parameters<typeof chooseZones>[1]> = {}) => ({
  region: "us-east-1",
  count: 3,
  excludedZoneIds: ["use1-az3"],
  ...extra,
});

/** The us-east-1 stack file with some keys replaced (undefined removes a key). */
function primaryWith(overrides: Record<string, string | undefined>): RawConfig {
  const raw: Record<string, string> = { ...loadStackConfig("us-east-1") };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete raw[key];
    else raw[key] = value;
  }
  return raw;
}

function assertProblem(raw: RawConfig, key: string, text: RegExp): void {
  const error = configErrorOf(raw, "us-east-1");
  const problem = error.problems.find((p) => p.key === key);
  assert.ok(problem, `no problem for ${key}: ${error.message}`);
  assert.match(problem.message, text);
  assert.match(error.message, new RegExp(key));
}

describe("Availability Zones by zone ID", () => {
  describe("zone IDs", () => {
    it("derives each region's zone-ID prefix", () => {
      const expected: Record<string, string> = {
        "us-east-1": "use1",
        "us-west-2": "usw2",
        "eu-west-1": "euw1",
        "eu-central-1": "euc1",
        "ap-southeast-2": "apse2",
        "ap-northeast-1": "apne1",
        "sa-east-1": "sae1",
        "us-gov-west-1": "usgw1",
      };
      for (const [region, prefix] of Object.entries(expected)) assert.equal(zoneIdPrefix(region), prefix, region);
      assert.equal(zoneIdPrefix("nowhere"), undefined);
    });

    it("accepts the region's zone IDs and refuses names and other regions' IDs, saying what is allowed", () => {
      assert.equal(checkZoneId("use1-az4", "us-east-1"), undefined);
      assert.equal(checkZoneId("apse2-az12", "ap-southeast-2"), undefined);
      assert.match(checkZoneId("us-east-1a", "us-east-1") ?? "", /zone IDs such as "use1-az1" \(not zone names/);
      assert.match(checkZoneId("euw1-az1", "us-east-1") ?? "", /zone IDs of us-east-1, which start with "use1-az"/);
      assert.match(checkZoneId("use1-az", "us-east-1") ?? "", /zone IDs such as/);
    });

    it("sorts zone IDs by number, so az10 comes after az2", () => {
      assert.deepEqual(sortZoneIds(["use1-az10", "use1-az2", "use1-az1"]), ["use1-az1", "use1-az2", "use1-az10"]);
    });
  });

  describe("chooseZones", () => {
    it("takes the first IDs in sorted order among the zones not excluded, and maps them to the account's names", () => {
      const chosen = chooseZones(ACCOUNT, request());
      assert.deepEqual(chosen.zoneIds, ["use1-az1", "use1-az2", "use1-az4"]);
      assert.deepEqual(chosen.names, ["us-east-1b", "us-east-1e", "us-east-1f"]);
    });

    it("chooses the same zones whatever order the lookup lists them in", () => {
      const order = [5, 2, 0, 4, 1, 3];
      const shuffled = {
        names: order.map((i) => ACCOUNT.names[i]),
        zoneIds: order.map((i) => ACCOUNT.zoneIds[i]),
      };
      assert.deepEqual(chooseZones(shuffled, request()), chooseZones(ACCOUNT, request()));
    });

    it("never picks an excluded zone unless it is pinned", () => {
      const chosen = chooseZones(ACCOUNT, request({ count: 4, excludedZoneIds: ["use1-az1", "use1-az2"] }));
      assert.deepEqual(chosen.zoneIds, ["use1-az3", "use1-az4", "use1-az6", "use1-az10"]);
      assert.ok(!chosen.zoneIds.some((id) => ["use1-az1", "use1-az2"].includes(id)));
    });

    it("refuses too few suitable zones, naming the region, the available and the excluded IDs", () => {
      const two = { names: ["us-east-1a", "us-east-1b", "us-east-1c"], zoneIds: ["use1-az2", "use1-az3", "use1-az1"] };
      assert.throws(
        () => chooseZones(two, request()),
        (error: Error) => {
          assert.match(error.message, /storefront:azCount = 3: region us-east-1 offers only 2 suitable zones/);
          assert.match(error.message, /use1-az1 \(us-east-1c\), use1-az2 \(us-east-1a\), use1-az3 \(us-east-1b\)/);
          assert.match(error.message, /excluded: use1-az3/);
          return true;
        },
      );
    });

    it("maps pinned IDs to names in their order, and refuses a pinned ID the account does not offer", () => {
      const pinned = chooseZones(ACCOUNT, request({ pinnedZoneIds: ["use1-az6", "use1-az3"] }));
      assert.deepEqual(pinned, { zoneIds: ["use1-az6", "use1-az3"], names: ["us-east-1a", "us-east-1c"] });
      assert.throws(
        () => chooseZones(ACCOUNT, request({ pinnedZoneIds: ["use1-az1", "use1-az5"] })),
        /storefront:availabilityZoneIds names use1-az5, not available in us-east-1 for this account/,
      );
    });

    it("keeps pinned names (older stacks) as they are and reports their IDs", () => {
      const pinned = chooseZones(ACCOUNT, request({ pinnedNames: ["us-east-1c", "us-east-1a"] }));
      assert.deepEqual(pinned, { names: ["us-east-1c", "us-east-1a"], zoneIds: ["use1-az3", "use1-az6"] });
      assert.throws(
        () => chooseZones(ACCOUNT, request({ pinnedNames: ["us-east-1z"] })),
        /storefront:availabilityZones names us-east-1z, not available in us-east-1/,
      );
    });
  });

  describe("the default exclusion list", () => {
    it("is dated, gives a reason for each zone, and holds only well-formed zone IDs", () => {
      assert.match(EXCLUDED_ZONES_CHECKED, /^\d{4}-\d{2}-\d{2}$/);
      for (const zone of DEFAULT_EXCLUDED_ZONES) {
        assert.match(zone.zoneId, /^[a-z]+[0-9]+-az[0-9]+$/);
        assert.ok(zone.reason.length > 20, `${zone.zoneId} needs a reason`);
      }
      assert.deepEqual(defaultExcludedZoneIds("use1"), ["use1-az3"]);
      assert.deepEqual(defaultExcludedZoneIds("euw1"), []);
    });
  });

  describe("the mock cloud's zones", () => {
    it("answers names and IDs of the region, in different orders, honouring excludeZoneIds", () => {
      const zones = mockAvailabilityZones("eu-west-1");
      assert.equal(zones.names.length, zones.zoneIds.length);
      for (const id of zones.zoneIds) assert.equal(checkZoneId(id, "eu-west-1"), undefined);
      assert.notDeepEqual(zones.zoneIds, sortZoneIds(zones.zoneIds));
      const fewer = mockAvailabilityZones("us-east-1", { excludeZoneIds: ["use1-az3"] });
      assert.ok(!fewer.zoneIds.includes("use1-az3"));
      assert.equal(fewer.names.length, zones.names.length - 1);
    });
  });

  describe("config", () => {
    it("reads pinned zone IDs, takes azCount from them and the default exclusions for the region", () => {
      const config = readCellConfig(
        primaryWith({ "storefront:availabilityZoneIds": JSON.stringify(["use1-az4", "use1-az6"]) }),
        "us-east-1",
      );
      assert.deepEqual(config.availabilityZoneIds, ["use1-az4", "use1-az6"]);
      assert.equal(config.azCount, 2);
      assert.deepEqual(config.excludedZoneIds, defaultExcludedZoneIds("use1"));
    });

    it("lets excludedZoneIds override the default list (an empty list excludes nothing)", () => {
      const config = readCellConfig(primaryWith({ "storefront:excludedZoneIds": "[]" }), "us-east-1");
      assert.deepEqual(config.excludedZoneIds, []);
    });

    it("refuses zone names, another region's IDs and repeats in availabilityZoneIds", () => {
      const key = "storefront:availabilityZoneIds";
      assertProblem(
        primaryWith({ [key]: JSON.stringify(["us-east-1a", "us-east-1b"]) }),
        key,
        /zone IDs such as "use1-az1"/,
      );
      assertProblem(primaryWith({ [key]: JSON.stringify(["euw1-az1", "euw1-az2"]) }), key, /start with "use1-az"/);
      assertProblem(primaryWith({ [key]: JSON.stringify(["use1-az1", "use1-az1"]) }), key, /must not repeat a zone/);
      assertProblem(primaryWith({ [key]: JSON.stringify(["use1-az1"]) }), key, /must list 2 to 4 zones/);
    });

    it("refuses pinning an excluded zone, naming the list that excludes it", () => {
      const key = "storefront:availabilityZoneIds";
      assertProblem(
        primaryWith({ [key]: JSON.stringify(["use1-az1", "use1-az3"]) }),
        key,
        /pins use1-az3, which the default exclusion list .* lists as unsuitable/,
      );
    });

    it("refuses both pins at once, bad excludedZoneIds, and an azCount that contradicts the pin", () => {
      assertProblem(
        primaryWith({
          "storefront:availabilityZoneIds": JSON.stringify(["use1-az1", "use1-az2"]),
          "storefront:availabilityZones": JSON.stringify(["us-east-1a", "us-east-1b"]),
        }),
        "storefront:availabilityZones",
        /cannot be set together with availabilityZoneIds/,
      );
      assertProblem(
        primaryWith({ "storefront:excludedZoneIds": JSON.stringify(["apse2-az1"]) }),
        "storefront:excludedZoneIds",
        /zone IDs of us-east-1/,
      );
      assertProblem(
        primaryWith({
          "storefront:availabilityZoneIds": JSON.stringify(["use1-az1", "use1-az2"]),
          "storefront:azCount": "3",
        }),
        "storefront:azCount",
        /must equal the number of availabilityZoneIds listed \(2\)/,
      );
    });
  });
});

import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  CellConfig,
  CellIdentity,
  cellIdentityOf,
  checkCellFleet,
  readCellConfig,
  stackBaseName,
} from "../config/cell";
import { listStacks, loadStackConfig } from "../config/files";
import { Cidr, cidrsOverlap, parseCidr } from "../network/cidr";
import { threeCellRoot } from "./fixtures/three-cells";

function cidrOf(text: string): Cidr {
  const parsed = parseCidr(text);
  if ("error" in parsed) assert.fail(`${text}: ${parsed.error}`);
  return parsed.cidr;
}

/** Stack files that hold a cell (storefront:kind "cell" or unset). */
function cellStacks(root?: string): string[] {
  return listStacks(root).filter((stack) => (loadStackConfig(stack, root)["storefront:kind"] ?? "cell") === "cell");
}

/** All unordered pairs of a list. */
function pairs<T>(items: readonly T[]): Array<[T, T]> {
  const result: Array<[T, T]> = [];
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) result.push([items[i], items[j]]);
  return result;
}

describe("the cell fleet in this repository", () => {
  const cells: CellConfig[] = [];
  const failures: string[] = [];

  before(() => {
    for (const stack of cellStacks()) {
      try {
        cells.push(readCellConfig(loadStackConfig(stack), stack));
      } catch (error) {
        failures.push(`${stack}: ${(error as Error).message}`);
      }
    }
  });

  it("has at least one cell stack file, and every cell stack file parses", () => {
    // A one-cell fleet is valid: the edge serves it and remove-cell may leave only the primary.
    assert.deepEqual(failures, []);
    assert.deepEqual(
      cells.map((c) => c.stack),
      cellStacks(),
    );
    assert.ok(cells.length >= 1, `stacks: ${listStacks().join(", ")}`);
  });

  it("checkCellFleet reports no problems", () => {
    assert.deepEqual(checkCellFleet(cells.map(cellIdentityOf)), []);
  });

  it("no two cells share a region", () => {
    for (const [a, b] of pairs(cells)) {
      assert.notEqual(a.region, b.region, `stacks ${a.stack} and ${b.stack} are both in ${a.region}`);
    }
    assert.equal(new Set(cells.map((c) => c.region)).size, cells.length);
  });

  it("no two cells' VPC CIDRs overlap", () => {
    for (const [a, b] of pairs(cells)) {
      assert.equal(
        cidrsOverlap(cidrOf(a.cidr), cidrOf(b.cidr)),
        false,
        `stacks ${a.stack} (${a.cidr}) and ${b.stack} (${b.cidr}) overlap`,
      );
    }
  });

  it("has exactly one primary cell, and primaryStack names it", () => {
    const primaries = cells.filter((c) => c.isPrimary);
    assert.equal(primaries.length, 1, `primary cells: ${primaries.map((c) => c.stack).join(", ") || "none"}`);
    const [primary] = primaries;
    const stacks = listStacks();
    for (const cell of cells) {
      const named = stackBaseName(cell.shared.primaryStack);
      assert.ok(stacks.includes(named), `${cell.stack}: primaryStack "${cell.shared.primaryStack}" has no stack file`);
      assert.equal(
        named,
        primary.stack,
        `${cell.stack}: primaryStack "${cell.shared.primaryStack}" is not the primary cell`,
      );
      assert.equal(
        cell.shared.primaryRegion,
        primary.region,
        `${cell.stack}: primaryRegion disagrees with the primary cell`,
      );
    }
  });
});

describe("checkCellFleet", () => {
  // Secondary cells only: the database checks between a primary and its secondaries have their own cases.
  const cell = (stack: string, region: string, cidr: string): CellIdentity => ({
    stack,
    region,
    cidr,
    isPrimary: false,
    isHome: false,
    replicaRegions: [],
    databaseEngineVersion: "16.6",
  });

  it("reports overlapping CIDRs, naming both stacks", () => {
    const problems = checkCellFleet([
      cell("us-east-1", "us-east-1", "10.10.0.0/16"),
      cell("eu-west-1", "eu-west-1", "10.10.128.0/17"),
    ]);
    assert.equal(problems.length, 1, problems.join("\n"));
    assert.match(problems[0], /"us-east-1" \(10\.10\.0\.0\/16\)/);
    assert.match(problems[0], /"eu-west-1" \(10\.10\.128\.0\/17\)/);
    assert.match(problems[0], /overlapping VPC CIDRs/);
  });

  it("reports two cells in one region", () => {
    const problems = checkCellFleet([
      cell("use1-a", "us-east-1", "10.10.0.0/16"),
      cell("use1-b", "us-east-1", "10.20.0.0/16"),
    ]);
    assert.equal(problems.length, 1, problems.join("\n"));
    assert.match(problems[0], /"use1-a"/);
    assert.match(problems[0], /"use1-b"/);
    assert.match(problems[0], /both claim region us-east-1/);
  });

  it("reports both problems when two cells clash on region and CIDR", () => {
    const problems = checkCellFleet([cell("a", "us-east-1", "10.10.0.0/16"), cell("b", "us-east-1", "10.10.0.0/16")]);
    assert.equal(problems.length, 2, problems.join("\n"));
    assert.ok(problems.some((p) => p.includes("both claim region us-east-1")));
    assert.ok(problems.some((p) => p.includes("overlapping VPC CIDRs")));
  });

  it("finds nothing wrong with a disjoint fleet", () => {
    assert.deepEqual(
      checkCellFleet([
        cell("us-east-1", "us-east-1", "10.10.0.0/16"),
        cell("eu-west-1", "eu-west-1", "10.20.0.0/16"),
        cell("ap-southeast-2", "ap-southeast-2", "172.16.0.0/16"),
        // Adjacent blocks touch but do not overlap.
        cell("us-west-2", "us-west-2", "10.11.0.0/16"),
      ]),
      [],
    );
  });

  it("reports exactly one problem when only one pair of three cells clashes", () => {
    const problems = checkCellFleet([
      cell("us-east-1", "us-east-1", "10.10.0.0/16"),
      cell("eu-west-1", "eu-west-1", "10.20.0.0/16"),
      cell("ap-southeast-2", "ap-southeast-2", "10.20.16.0/20"),
    ]);
    assert.equal(problems.length, 1, problems.join("\n"));
    assert.match(problems[0], /"eu-west-1"/);
    assert.match(problems[0], /"ap-southeast-2"/);
    assert.doesNotMatch(problems[0], /"us-east-1"/);
  });

  it("finds nothing wrong with a single cell or none", () => {
    assert.deepEqual(checkCellFleet([cell("us-east-1", "us-east-1", "10.10.0.0/16")]), []);
    assert.deepEqual(checkCellFleet([]), []);
  });

  describe("the global database across cells", () => {
    const primary = (replicaRegions: string[], databaseEngineVersion = "16.6"): CellIdentity => ({
      ...cell("us-east-1", "us-east-1", "10.10.0.0/16"),
      isPrimary: true,
      isHome: true,
      replicaRegions,
      databaseEngineVersion,
    });
    const europe = cell("eu-west-1", "eu-west-1", "10.20.0.0/16");
    const sydney = cell("ap-southeast-2", "ap-southeast-2", "10.30.0.0/16");

    it("finds nothing wrong when the secret is replicated to exactly the secondaries' regions", () => {
      assert.deepEqual(checkCellFleet([primary(["eu-west-1", "ap-southeast-2"]), europe, sydney]), []);
      assert.deepEqual(checkCellFleet([primary([])]), []);
    });

    it("reports a secondary whose region the master secret is not replicated to", () => {
      // A secondary's tasks read the secret's replica in their own region (docs/aws-behaviours.md #1).
      const problems = checkCellFleet([primary(["eu-west-1"]), europe, sydney]);
      assert.deepEqual(problems, [
        'stack "ap-southeast-2" needs the database master secret in ap-southeast-2: add "ap-southeast-2" to storefront:database.replicaRegions of the home stack "us-east-1"',
      ]);
    });

    it("reports a replica region where no cell runs", () => {
      const problems = checkCellFleet([primary(["eu-west-1", "us-west-2"]), europe]);
      assert.deepEqual(problems, [
        'the home stack "us-east-1" replicates the database master secret to us-west-2, where no cell stack runs: remove it from storefront:database.replicaRegions',
      ]);
    });

    it("reports a secondary on another engine version than the primary (docs/aws-behaviours.md #3)", () => {
      // docs/aws-behaviours.md #3: members of a global database (and managed failover) need equal versions.
      const problems = checkCellFleet([primary(["eu-west-1"]), { ...europe, databaseEngineVersion: "16.4" }]);
      assert.equal(problems.length, 1, problems.join("\n"));
      assert.match(problems[0], /^stack "eu-west-1" sets storefront:database\.engineVersion "16\.4"/);
      assert.match(problems[0], /the home "us-east-1" runs "16\.6"/);
    });

    it("finds the real stack files' identities consistent: the primary replicates to exactly the secondaries", () => {
      const identities = cellStacks().map((stack) => cellIdentityOf(readCellConfig(loadStackConfig(stack), stack)));
      const real = identities.find((identity) => identity.isHome);
      assert.ok(real, "no home cell");
      const secondaries = identities.filter((identity) => !identity.isHome).map((identity) => identity.region);
      assert.deepEqual([...real.replicaRegions].sort(), [...secondaries].sort());
      assert.deepEqual(checkCellFleet(identities), []);
    });

    it("sees a secondary dropped from replicaRegions (the fixture fleet's identities)", () => {
      const root = threeCellRoot();
      const identities = cellStacks(root).map((stack) =>
        cellIdentityOf(readCellConfig(loadStackConfig(stack, root), stack)),
      );
      const real = identities.find((identity) => identity.isHome);
      assert.ok(real, "no home cell");
      const secondaries = identities.filter((identity) => !identity.isHome).map((identity) => identity.region);
      assert.equal(secondaries.length, 2);
      assert.deepEqual(checkCellFleet(identities), []);

      const [dropped] = secondaries;
      const withoutOne = identities.map((identity) =>
        identity.isHome ? { ...identity, replicaRegions: real.replicaRegions.filter((r) => r !== dropped) } : identity,
      );
      const problems = checkCellFleet(withoutOne);
      assert.equal(problems.length, 1, problems.join("\n"));
      assert.match(problems[0], new RegExp(`needs the database master secret in ${dropped}:`));
    });
  });
});

describe("loadStackConfig (on the fixture fleet, whose values the tests own)", () => {
  const root = threeCellRoot();

  it("namespaces project-level defaults from Pulumi.yaml", () => {
    const raw = loadStackConfig("us-east-1", root);
    assert.equal(raw["storefront:domain"], "shop.example.com");
    assert.equal(raw["storefront:hostedZoneId"], "Z0123456789EXAMPLEZONE");
    assert.equal(raw["storefront:primaryRegion"], "us-east-1");
    assert.equal(raw["domain"], undefined, "un-namespaced key leaked through");
  });

  it("passes stack values as strings, keeping explicit namespaces", () => {
    const raw = loadStackConfig("us-east-1", root);
    assert.equal(raw["aws:region"], "us-east-1");
    assert.equal(raw["storefront:cidr"], "10.10.0.0/16");
    assert.equal(raw["storefront:peakLeadMinutes"], "30");
    assert.equal(raw["storefront:interfaceEndpoints"], "true");
    for (const [key, value] of Object.entries(raw)) assert.equal(typeof value, "string", key);
  });

  it("passes structured values as JSON text", () => {
    const raw = loadStackConfig("eu-west-1", root);
    assert.equal(typeof raw["storefront:web"], "string");
    const web = JSON.parse(raw["storefront:web"]) as Record<string, unknown>;
    assert.equal(web.image, "public.ecr.aws/storefront/web:1.0.0");
    assert.equal(web.cpu, 1024);
    assert.equal(web.spotPercent, 30);
  });

  it("throws for a stack without a stack file", () => {
    assert.throws(() => loadStackConfig("no-such-stack", root), /no stack file .*Pulumi\.no-such-stack\.yaml/);
  });

  describe("in a project directory of its own", () => {
    let root: string;

    before(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-spec-"));
      fs.writeFileSync(
        path.join(root, "Pulumi.yaml"),
        [
          "name: shopfront",
          "runtime: nodejs",
          "config:",
          "  plain: project-plain",
          "  domain:",
          "    type: string",
          "    default: project.example.com",
          "  owner:",
          "    value: team-a",
          "  noDefault:",
          "    type: string",
          "    description: declared but never given a value",
          "  limits:",
          "    value:",
          "      cpu: 256",
          "      zones: [a, b]",
          "  aws:region: us-west-2",
          "  overridden:",
          "    value: from-project",
          "",
        ].join("\n"),
      );
      fs.writeFileSync(
        path.join(root, "Pulumi.dev.yaml"),
        [
          "config:",
          "  shopfront:domain: dev.example.com",
          "  overridden: from-stack",
          "  aws:region: eu-central-1",
          "  shopfront:count: 3",
          "  shopfront:enabled: false",
          "  shopfront:web:",
          "    cpu: 512",
          "    image: registry/web:2.0.0",
          "",
        ].join("\n"),
      );
      fs.writeFileSync(path.join(root, "Pulumi.empty.yaml"), "");
    });

    after(() => {
      fs.rmSync(root, { recursive: true, force: true });
    });

    it("lists the stack files", () => {
      assert.deepEqual(listStacks(root), ["dev", "empty"]);
    });

    it("reads the { type, default } and { value } forms and plain values under the project's namespace", () => {
      const raw = loadStackConfig("empty", root);
      assert.equal(raw["shopfront:domain"], "project.example.com");
      assert.equal(raw["shopfront:owner"], "team-a");
      assert.equal(raw["shopfront:plain"], "project-plain");
      assert.equal(raw["shopfront:overridden"], "from-project");
      assert.equal(raw["aws:region"], "us-west-2");
      assert.equal("shopfront:noDefault" in raw, false, "a declared key with no default must be absent");
      assert.deepEqual(JSON.parse(raw["shopfront:limits"]), { cpu: 256, zones: ["a", "b"] });
    });

    it("lets stack values override project values, whether namespaced or not", () => {
      const raw = loadStackConfig("dev", root);
      assert.equal(raw["shopfront:domain"], "dev.example.com");
      assert.equal(raw["shopfront:overridden"], "from-stack");
      assert.equal(raw["aws:region"], "eu-central-1");
      // Untouched project values remain.
      assert.equal(raw["shopfront:owner"], "team-a");
    });

    it("turns scalars into strings and structured values into JSON text", () => {
      const raw = loadStackConfig("dev", root);
      assert.equal(raw["shopfront:count"], "3");
      assert.equal(raw["shopfront:enabled"], "false");
      assert.equal(typeof raw["shopfront:web"], "string");
      assert.deepEqual(JSON.parse(raw["shopfront:web"]), { cpu: 512, image: "registry/web:2.0.0" });
    });

    it("uses the project name from Pulumi.yaml as the namespace", () => {
      const raw = loadStackConfig("dev", root);
      assert.equal(
        Object.keys(raw).some((key) => key.startsWith("storefront:")),
        false,
        `keys: ${Object.keys(raw).join(", ")}`,
      );
    });
  });
});

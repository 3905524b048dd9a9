import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { readCellConfig } from "../config/cell";
import { CELL_REGIONS } from "../config/cell-regions";
import { cellStacks, deployOrder } from "../config/deploy-order";
import { loadStackConfig, PROJECT_ROOT } from "../config/files";
import { readGlobalConfig } from "../config/global";
import { stackKindOf } from "../config/shared";
import { Cidr, cidrsOverlap, parseCidr } from "../network/cidr";
import { parseBenchArgs } from "../scripts/bench";
import { benchSection } from "../scripts/bench/section";
import { generateFleet, regionsToAdd } from "../scripts/bench/fleet";
import { categoryOf, CpuProfile, profileShares } from "../scripts/bench/profile";
import {
  EvaluationRun,
  fleetFigures,
  formatTable,
  growth,
  median,
  replaceGeneratedSection,
  SECTION_END,
  SECTION_START,
  StackTiming,
} from "../scripts/bench/report";
import { THREE_CELLS_ROOT } from "./fixtures/three-cells";

/** `npm run bench`'s pure parts: no clocks, no child processes, nothing timed. */

const cidrOf = (text: string): Cidr => {
  const parsed = parseCidr(text);
  if ("error" in parsed) assert.fail(`${text}: ${parsed.error}`);
  return parsed.cidr;
};

/** A run whose child reports `stacks` (wall = cpu = the given ms) and whose process took `wallMs`. */
const run = (wallMs: number, stacks: [StackTiming["kind"], number][], peakKb?: number): EvaluationRun => {
  const span = (ms: number) => ({ wallMs: ms, cpuMs: ms / 2 });
  return {
    wallMs,
    peakKb,
    child: {
      startup: span(100),
      load: span(1000),
      evaluate: span(stacks.reduce((sum, [, ms]) => sum + ms, 0)),
      report: span(50),
      stacks: stacks.map(([kind, ms], i) => ({ stack: `s${i}`, kind, resources: 10, ...span(ms) })),
      cpuMs: wallMs / 2,
      maxRssKb: 1,
    },
  };
};

describe("npm run bench: medians and figures", () => {
  it("takes the middle value of an odd count and the mean of the middle two of an even one, in any order", () => {
    assert.equal(median([9, 1, 5]), 5);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
    assert.throws(() => median([]), /median of no values/);
  });

  it("reports each figure as the median over the runs, time per cell, and the mean secondary stack", () => {
    const figures = fleetFigures(2, [
      run(
        3000,
        [
          ["primary", 900],
          ["secondary", 400],
          ["edge", 200],
        ],
        300_000,
      ),
      run(
        2000,
        [
          ["primary", 800],
          ["secondary", 300],
          ["edge", 100],
        ],
        200_000,
      ),
      run(
        9000,
        [
          ["primary", 700],
          ["secondary", 800],
          ["edge", 150],
        ],
        900_000,
      ),
    ]);
    assert.deepEqual(figures.process, { wallMs: 3000, cpuMs: 1500 });
    assert.deepEqual(figures.perCell, { wallMs: 1500, cpuMs: 750 });
    assert.equal(figures.peakKb, 300_000);
    assert.equal(figures.stacks, 3);
    assert.equal(figures.resources, 30);
    assert.deepEqual(figures.primaryStack, { wallMs: 800, cpuMs: 400 });
    assert.deepEqual(figures.secondaryStack, { wallMs: 400, cpuMs: 200 });
    assert.deepEqual(figures.edgeStack, { wallMs: 150, cpuMs: 75 });
    assert.equal(fleetFigures(2, [run(1000, [["primary", 1]])]).peakKb, undefined, "no peak measured");
  });

  it("compares the time per cell of the largest fleet with the smallest's, and the cost of each added cell", () => {
    const two = fleetFigures(2, [
      run(4000, [
        ["primary", 500],
        ["secondary", 300],
        ["edge", 100],
      ]),
    ]);
    const ten = fleetFigures(10, [
      run(8000, [
        ["primary", 500],
        ...Array.from({ length: 9 }, (): [StackTiming["kind"], number] => ["secondary", 330]),
        ["edge", 300],
      ]),
    ]);
    const grown = growth([ten, two]);
    assert.ok(grown);
    assert.deepEqual([grown.from, grown.to], [2, 10]);
    assert.equal(grown.perCellRatio.wallMs, 800 / 2000);
    assert.equal(grown.marginal.wallMs, 500);
    assert.ok(Math.abs(grown.secondaryStackRatio.wallMs - 1.1) < 1e-9);
    assert.equal(growth([two]), undefined, "one fleet size has no growth");
  });
});

describe("npm run bench: the generated section", () => {
  it("pads every column to its widest cell, numbers to the right, in the layout Prettier keeps", async () => {
    const table = formatTable(
      ["Cells", "Time"],
      [
        ["2", "5.20 s"],
        ["10", "12.00 s"],
      ],
      [0, 1],
    );
    assert.equal(
      table,
      ["| Cells |    Time |", "| ----: | ------: |", "|     2 |  5.20 s |", "|    10 | 12.00 s |"].join("\n"),
    );
    assert.equal(await prettier.format(table, { parser: "markdown" }), `${table}\n`);
    assert.throws(() => formatTable(["a", "b"], [["1"]]), /a row has 1 cells for 2 headers/);
  });

  it("replaces only the text between the markers, appends the section when they are missing, and refuses broken markers", () => {
    const document = `# Performance\n\nHand-written intro.\n\n${SECTION_START}\n\nold figures\n\n${SECTION_END}\n\nHand-written notes.\n`;
    const replaced = replaceGeneratedSection(document, "new figures");
    assert.equal(replaced, document.replace("old figures", "new figures"));
    assert.equal(replaceGeneratedSection(replaced, "new figures"), replaced, "a second write changes nothing");
    assert.equal(
      replaceGeneratedSection("# Performance\n", "figures"),
      `# Performance\n\n${SECTION_START}\n\nfigures\n\n${SECTION_END}\n`,
    );
    assert.throws(() => replaceGeneratedSection(`${SECTION_END}\n${SECTION_START}`, "x"), /markers .* are broken/);
    assert.throws(() => replaceGeneratedSection(`${SECTION_START}\n`, "x"), /markers .* are broken/);
  });

  it("prints the machine, every fleet's figures, the growth ratio and what was not measured, as Prettier keeps it", async () => {
    const section = benchSection({
      machine: {
        cpu: "Test CPU",
        cpus: 2,
        memoryGiB: 8,
        os: "Linux 6 (x64)",
        node: "v20.0.0",
        date: "2026-01-01T00:00:00Z",
        commit: "abc1234",
        loadAverage: [3.5, 1, 0.5],
      },
      runs: 3,
      memorySource: "gnu-time",
      fleets: [
        fleetFigures(2, [
          run(
            4000,
            [
              ["primary", 500],
              ["secondary", 300],
              ["edge", 100],
            ],
            204_800,
          ),
        ]),
        fleetFigures(10, [
          run(
            8000,
            [
              ["primary", 500],
              ["secondary", 330],
              ["edge", 300],
            ],
            409_600,
          ),
        ]),
      ],
      growth: growth([
        fleetFigures(2, [
          run(4000, [
            ["primary", 500],
            ["secondary", 300],
            ["edge", 100],
          ]),
        ]),
        fleetFigures(10, [
          run(8000, [
            ["primary", 500],
            ["secondary", 330],
            ["edge", 300],
          ]),
        ]),
      ]),
      profiles: new Map(),
      skipped: ["cannot build a fleet of 20 cells: too few regions"],
    });
    assert.match(section, /^- CPU: Test CPU, 2 cores$/m);
    assert.match(section, /^- Measured: 2026-01-01T00:00:00Z, commit abc1234$/m);
    assert.match(section, /: 3\.5, 1, 0\.5: other work competed for the cores$/m);
    assert.match(section, /^\| +2 \| +3 \| +30 \| +4\.00 s \| +2\.00 s \| +2\.00 s \| +1\.00 s \| +200 MiB \|$/m);
    assert.match(section, /growth ratio \*\*0\.40\*\* \(CPU 0\.40\), no worse than linear/);
    assert.match(section, /each added cell costs 0\.50 s \(CPU 0\.25 s\)/);
    assert.match(section, /^Not measured: cannot build a fleet of 20 cells: too few regions\.$/m);
    assert.match(section, /^Not profiled in this run \(`--no-profile`\)\.$/m);
    assert.match(section, /^Not measured in this run: `npm run bench -- --with-tests` adds it/m);
    assert.equal(await prettier.format(section, { parser: "markdown" }), `${section}\n`);
  });

  it("reads its options, refusing what it does not understand", () => {
    assert.deepEqual(parseBenchArgs([]), { runs: 3, cells: [2, 5, 10], withTests: false, profile: true, write: true });
    assert.deepEqual(
      parseBenchArgs(["--runs", "5", "--cells", "10,2,2", "--with-tests", "--no-profile", "--no-write"]),
      {
        runs: 5,
        cells: [2, 10],
        withTests: true,
        profile: false,
        write: false,
      },
    );
    assert.match((parseBenchArgs(["--runs", "0"]) as { error: string }).error, /--runs "0": must be a whole number/);
    assert.match((parseBenchArgs(["--cells", "2,x"]) as { error: string }).error, /--cells "2,x": must be fleet sizes/);
    assert.match((parseBenchArgs(["--fast"]) as { error: string }).error, /unknown argument --fast/);
  });
});

describe("npm run bench: where CPU time goes", () => {
  const root = "/repo";
  it("names the code a profile sample was in", () => {
    const cases: [string, string, string | undefined][] = [
      ["file:///repo/node_modules/typescript/lib/typescript.js", "emit", "ts-node compiling TypeScript"],
      [
        "file:///repo/node_modules/@cspotcode/source-map-support/source-map-support.js",
        "wrapCallSite",
        "source-mapping stack traces",
      ],
      [
        "file:///repo/node_modules/@pulumi/pulumi/runtime/resource.js",
        "prepareResource",
        "Pulumi runtime (registration, serialization, mocks)",
      ],
      ["/repo/node_modules/@pulumi/aws/index.js", "", "provider SDKs (@pulumi/aws, awsx, random)"],
      ["file:///repo/node_modules/yaml/dist/index.js", "parse", "other libraries"],
      ["node:internal/modules/cjs/loader", "wrapSafe", "Node module loading"],
      ["node:fs", "readFileSync", "Node internals"],
      ["file:///repo/offline/mock-cloud.ts", "newResource", "mock cloud and evaluator (offline/)"],
      ["file:///repo/scripts/plan-run.ts", "runPlan", "plan checks and text (scripts/)"],
      ["file:///repo/components/cell/web.ts", "WebService", "the program (stacks, components, config)"],
      ["", "(garbage collector)", "garbage collection"],
      ["", "JSON.stringify", undefined],
    ];
    for (const [url, functionName, category] of cases) assert.equal(categoryOf(url, functionName, root), category, url);
  });

  it("adds each sample's time to its code's category, native frames to their nearest caller with a file", () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: "(root)", url: "" }, children: [2, 4] },
        {
          id: 2,
          callFrame: { functionName: "register", url: "file:///repo/node_modules/@pulumi/pulumi/x.js" },
          children: [3],
        },
        { id: 3, callFrame: { functionName: "JSON.stringify", url: "" } },
        { id: 4, callFrame: { functionName: "(garbage collector)", url: "" } },
      ],
      // Sample i lasts until sample i + 1: 3 ms in node 3, 2 ms in node 2, 4 ms in GC; the last sample has no end.
      samples: [3, 2, 4, 2],
      timeDeltas: [0, 3000, 2000, 4000],
    };
    const shares = profileShares(profile, root);
    assert.equal(shares["Pulumi runtime (registration, serialization, mocks)"], 5);
    assert.equal(shares["garbage collection"], 4);
    assert.equal(
      Object.values(shares).reduce((sum, ms) => sum + ms, 0),
      9,
    );
  });
});

describe("npm run bench: fleets of N cells", () => {
  const cells = 10;
  let dir = "";
  before(function () {
    if ("problem" in regionsToAdd(PROJECT_ROOT, cells)) this.skip();
    dir = generateFleet(PROJECT_ROOT, cells);
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it(`writes ${cells} valid cell stack files in distinct allowed regions, with CIDRs that never overlap, and an edge that lists them all`, () => {
    const stacks = cellStacks(dir);
    assert.equal(stacks.length, cells);
    const configs = stacks.map((stack) => readCellConfig(loadStackConfig(stack, dir), stack));
    const regions = configs.map((c) => c.region);
    assert.equal(new Set(regions).size, cells, "one cell per region");
    const shipped = cellStacks(PROJECT_ROOT).map((stack) => loadStackConfig(stack)["aws:region"]);
    for (const region of regions.filter((r) => !shipped.includes(r))) assert.ok(CELL_REGIONS.includes(region), region);
    const cidrs = configs.map((c) => cidrOf(c.cidr));
    for (let i = 0; i < cidrs.length; i++) {
      for (let j = i + 1; j < cidrs.length; j++) {
        assert.ok(!cidrsOverlap(cidrs[i], cidrs[j]), `${configs[i].cidr} and ${configs[j].cidr}`);
      }
    }
    const edges = deployOrder(dir).filter((stack) => stackKindOf(loadStackConfig(stack, dir)) === "global");
    assert.ok(edges.length > 0);
    for (const edge of edges) {
      assert.deepEqual([...readGlobalConfig(loadStackConfig(edge, dir), edge).cells].sort(), [...stacks].sort());
    }
    assert.deepEqual(
      fs.readdirSync(PROJECT_ROOT).filter((f) => /^Pulumi\..+\.yaml$/.test(f) && !fs.existsSync(path.join(dir, f))),
      [],
      "every shipped stack file is in the copy",
    );
  });

  it("says why when the regions allowed are too few or the project has more cells than asked", () => {
    const tooMany = regionsToAdd(PROJECT_ROOT, CELL_REGIONS.length + 1);
    assert.ok("problem" in tooMany);
    assert.match(
      tooMany.problem,
      /needs \d+ more regions, but config\/cell-regions\.ts allows only \d+ besides the \d+/,
    );
    const fewer = regionsToAdd(THREE_CELLS_ROOT, 2);
    assert.ok("problem" in fewer);
    assert.equal(fewer.problem, "the project already has 3 cells, more than the 2 asked for");
    assert.throws(
      () => generateFleet(THREE_CELLS_ROOT, 2),
      /cannot build a fleet of 2 cells: the project already has 3 cells/,
    );
  });
});

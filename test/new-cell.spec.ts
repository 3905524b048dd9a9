import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { newCell } from "../scripts/new-cell";
import { removeCell } from "../scripts/remove-cell";
import { checkFleetConfig } from "../scripts/plan-run";
import { THIRD_CELL, THREE_CELLS_ROOT } from "./fixtures/three-cells";
import { fleetCopy } from "./support/fixture-copy";
import { fleetWithPrimaryMoved } from "./support/primary-move";
import { readCellConfig } from "../config/cell";
import { CELL_REGIONS } from "../config/cell-regions";
import { cellStacks, deployOrder } from "../config/deploy-order";
import { loadStackConfig, PROJECT_ROOT } from "../config/files";
import { readGlobalConfig } from "../config/global";
import { stackKindOf } from "../config/shared";
import { cellBudgetLimit, globalBudgetLimit } from "../cost/budget-limit";
import { edgeLoadOf } from "../cost/estimate";
import { pricedRegions } from "../cost/prices";

/** Every Pulumi file of a directory and its text, to show nothing was written. */
function snapshot(root: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(root)
      .sort()
      .map((file) => [file, fs.readFileSync(path.join(root, file), "utf8")]),
  );
}

const configOf = (root: string, stack: string) =>
  (parse(fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, any> }).config;

/**
 * The stacks the workflows under `root` preview and deploy, in the order they run: the
 * preview job's pulumi steps, and the deploy jobs (one per stack, each behind its stack's
 * environment) in the order of the file.
 */
function workflowStacks(root: string): { preview: string[]; deploy: string[] } {
  const read = (file: string) =>
    parse(fs.readFileSync(path.join(root, ".github/workflows", file), "utf8")) as { jobs: Record<string, any> };
  const preview = (read("preview.yml").jobs.preview.steps as { with?: Record<string, string> }[])
    .map((step) => step.with?.["stack-name"])
    .filter((name): name is string => name !== undefined)
    .map((name) => name.split("/").pop()!);
  const deploy = Object.values(read("deploy.yml").jobs)
    .map((job) => job.environment as string | undefined)
    .filter((stack): stack is string => stack !== undefined);
  return { preview, deploy };
}

const TOKYO = ["--region", "ap-northeast-1", "--time-zone", "Asia/Tokyo", "--peak", "20:00-00:00"];

describe("npm run new-cell", () => {
  it("writes the new stack file from another cell's (comments kept), adds the region to the home's replicas and the edge's cells, and prints the next commands", () => {
    const root = fleetCopy(THREE_CELLS_ROOT);
    const before = snapshot(root);
    const { code, stdout, stderr } = newCell(root, [...TOKYO, "--from", "eu-west-1"]);
    assert.equal(code, 0, stderr);
    const cell = configOf(root, "ap-northeast-1");
    assert.equal(cell["aws:region"], "ap-northeast-1");
    assert.equal(cell["storefront:cidr"], "10.30.0.0/16");
    assert.equal(cell["storefront:timeZone"], "Asia/Tokyo");
    assert.equal(cell["storefront:peakWindow"], "20:00-00:00");
    assert.equal(cell["storefront:database"].replicaRegions, undefined);
    assert.deepEqual(configOf(root, "us-east-1")["storefront:database"].replicaRegions, [
      "eu-west-1",
      "ap-southeast-2",
      "ap-northeast-1",
    ]);
    assert.deepEqual(configOf(root, "global")["storefront:cells"], [
      "us-east-1",
      "eu-west-1",
      "ap-southeast-2",
      "ap-northeast-1",
    ]);
    // Comments stay; the home's file changes in exactly one line.
    const text = fs.readFileSync(path.join(root, "Pulumi.ap-northeast-1.yaml"), "utf8");
    assert.match(text, /^# Joiner cell: ap-northeast-1\. Deploy after the home cell\.\n/);
    assert.match(
      text,
      /# Scheduled jobs \(EventBridge Scheduler running ECS tasks\)\. Cron times are local \(Asia\/Tokyo\)\./,
    );
    const after = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
    assert.equal(
      after("Pulumi.us-east-1.yaml"),
      before["Pulumi.us-east-1.yaml"].replace(
        "replicaRegions: [eu-west-1, ap-southeast-2]",
        "replicaRegions: [eu-west-1, ap-southeast-2, ap-northeast-1]",
      ),
    );
    assert.equal(
      after("Pulumi.global.yaml"),
      before["Pulumi.global.yaml"].replace("    - ap-southeast-2\n", "    - ap-southeast-2\n    - ap-northeast-1\n"),
    );
    assert.deepEqual(checkFleetConfig(root).failures, []);
    assert.match(stdout, /^- created Pulumi\.ap-northeast-1\.yaml from Pulumi\.eu-west-1\.yaml: CIDR 10\.30\.0\.0\/16/);
    assert.match(stdout, /^- regenerated \.github\/workflows\/preview\.yml, \.github\/workflows\/deploy\.yml/m);
    const order = ["us-east-1", "eu-west-1", "ap-southeast-2", "ap-northeast-1", "global"];
    assert.deepEqual(workflowStacks(root), { preview: order, deploy: order });
    const steps = [...stdout.matchAll(/^ {2}\d+\. (.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(steps.slice(1, 5), [
      "npm run plan -- ap-northeast-1",
      `npm run diagram -- --root ${root}`,
      "pulumi up --stack us-east-1",
      "pulumi stack init ap-northeast-1 && pulumi up --stack ap-northeast-1",
    ]);
    assert.ok(steps.indexOf("pulumi up --stack global") > 2, "the edge after the cell");
  });

  it("raises the edge's price class when it does not serve the new region, after remove-cell retired a region (both steps)", () => {
    const root = fleetCopy(THREE_CELLS_ROOT);
    let result = removeCell(root, ["ap-southeast-2"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(configOf(root, "ap-southeast-2")["storefront:deletionProtection"], false);
    assert.deepEqual(configOf(root, "global")["storefront:cells"], ["us-east-1", "eu-west-1"]);
    // The retiring cell keeps its place in the pipelines until its stack is gone.
    const three = ["us-east-1", "eu-west-1", "ap-southeast-2", "global"];
    assert.deepEqual(workflowStacks(root), { preview: three, deploy: three });
    const teardown = [...result.stdout.matchAll(/^ {2}\d+\. (.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(teardown.slice(0, 4), [
      `npm run diagram -- --root ${root}`,
      "pulumi up --stack global",
      "pulumi up --stack ap-southeast-2",
      "pulumi state unprotect --all --yes --stack ap-southeast-2",
    ]);
    assert.equal(teardown.at(-1), "npm run remove-cell -- ap-southeast-2 --finish");
    result = removeCell(root, ["ap-southeast-2", "--finish"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(fs.existsSync(path.join(root, "Pulumi.ap-southeast-2.yaml")), false);
    assert.deepEqual(configOf(root, "us-east-1")["storefront:database"].replicaRegions, ["eu-west-1"]);
    const two = ["us-east-1", "eu-west-1", "global"];
    assert.deepEqual(workflowStacks(root), { preview: two, deploy: two });
    assert.match(result.stdout, /^- regenerated \.github\/workflows\/preview\.yml, \.github\/workflows\/deploy\.yml/m);
    assert.match(result.stdout, /^ {2}1\. npm run diagram -- --root /m);

    const global = path.join(root, "Pulumi.global.yaml");
    fs.writeFileSync(global, fs.readFileSync(global, "utf8").replace("PriceClass_All", "PriceClass_100"));
    result = newCell(root, TOKYO);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(configOf(root, "global")["storefront:priceClass"], "PriceClass_200");
    const tokyo = ["us-east-1", "eu-west-1", "ap-northeast-1", "global"];
    assert.deepEqual(workflowStacks(root), { preview: tokyo, deploy: tokyo });
    assert.match(
      result.stdout,
      /raised storefront:priceClass in Pulumi\.global\.yaml from PriceClass_100 to PriceClass_200/,
    );
  });

  const refusals: [string, string[], RegExp][] = [
    [
      "a malformed region",
      ["--region", "xx-east-1", "--time-zone", "UTC", "--peak", "18:00-22:00"],
      /--region "xx-east-1": must be an AWS region name/,
    ],
    [
      "a region not known to offer every service",
      ["--region", "sa-east-1", "--time-zone", "America/Sao_Paulo", "--peak", "18:00-22:00"],
      /--region "sa-east-1": is not a region known \(as of \d{4}-\d{2}\) to offer every service a cell uses/,
    ],
    [
      "an existing stack file",
      ["--region", "eu-west-1", "--time-zone", "Europe/Dublin", "--peak", "18:00-22:00"],
      /Pulumi\.eu-west-1\.yaml exists already: new-cell never overwrites a stack file/,
    ],
    [
      "a time zone abbreviation",
      ["--region", "ap-northeast-1", "--time-zone", "JST", "--peak", "20:00-00:00"],
      /--time-zone "JST": must be an IANA time zone name/,
    ],
    [
      "a swapped peak",
      ["--region", "ap-northeast-1", "--time-zone", "Asia/Tokyo", "--peak", "23:00-18:00"],
      /--peak "23:00-18:00": lasts 19 hours.*did you mean "18:00-23:00"\?/,
    ],
    [
      "an overlapping CIDR",
      [...TOKYO, "--cidr", "10.20.128.0/17"],
      /--cidr "10\.20\.128\.0\/17" overlaps the cell "eu-west-1" \(10\.20\.0\.0\/16\)/,
    ],
    ["an unknown source cell", [...TOKYO, "--from", "global"], /--from "global": must be a cell stack of this project/],
    [
      "a missing argument and an unknown one",
      ["--region", "ap-northeast-1", "--zone", "Asia/Tokyo"],
      /unknown argument --zone.*\n--time-zone is required\n--peak is required/s,
    ],
    ["a bad size", [...TOKYO, "--max-tasks", "lots"], /--max-tasks = "lots": must be a whole number/],
    [
      "a fleet the plan would refuse (a public CIDR)",
      [...TOKYO, "--cidr", "8.8.0.0/16"],
      /storefront:cidr = "8\.8\.0\.0\/16": must lie inside 10\.0\.0\.0\/8/,
    ],
  ];
  for (const [what, args, message] of refusals) {
    it(`refuses ${what} and writes nothing`, () => {
      const root = fleetCopy(THREE_CELLS_ROOT);
      const before = snapshot(root);
      const { code, stdout, stderr } = newCell(root, args);
      assert.equal(code, 1);
      assert.equal(stdout, "");
      assert.match(stderr, message);
      assert.deepEqual(snapshot(root), before);
    });
  }
});

describe("npm run new-cell in a region without prices", () => {
  it("gives the new cell the source cell's budget limit and the edge a limit scaled by cells, so the plan still passes", () => {
    const root = fleetCopy(PROJECT_ROOT);
    const cells = cellStacks(root);
    const regions = cells.map((stack) => loadStackConfig(stack, root)["aws:region"]);
    const region = CELL_REGIONS.find((r) => !regions.includes(r) && !pricedRegions().includes(r));
    assert.ok(region, "an allowed region neither priced nor in the fleet");
    const edge = deployOrder(root).find((stack) => stackKindOf(loadStackConfig(stack, root)) === "global")!;
    const edgeConfig = readGlobalConfig(loadStackConfig(edge, root), edge);
    const source = cells[cells.length - 1];
    const sourceConfig = readCellConfig(loadStackConfig(source, root), source);
    const cellConfigs = cells.map((stack) => readCellConfig(loadStackConfig(stack, root), stack));
    const sourceLimit = cellBudgetLimit(sourceConfig);
    const edgeLimit = globalBudgetLimit(edgeConfig, cellConfigs.map(edgeLoadOf));

    const { code, stdout, stderr } = newCell(root, [
      "--region",
      region!,
      "--time-zone",
      "UTC",
      "--peak",
      "18:00-22:00",
    ]);
    assert.equal(code, 0, stderr);
    const budgetOf = (stack: string) => (configOf(root, stack)["storefront:budget"] ?? {}) as { limitUsd?: number };
    assert.equal(budgetOf(region!).limitUsd, sourceConfig.budget.limitUsd ?? sourceLimit);
    if (edgeConfig.budget.limitUsd === undefined) {
      assert.equal(budgetOf(edge).limitUsd, Math.ceil((edgeLimit * (cells.length + 1)) / cells.length));
      assert.match(stdout, /set storefront:budget\.limitUsd to \d+ \(no prices for /);
    }
    assert.match(fs.readFileSync(path.join(root, `Pulumi.${region}.yaml`), "utf8"), /# No prices for .* review it\./);
    assert.deepEqual(checkFleetConfig(root).failures, []);
  });
});

describe("npm run new-cell and the jobs' time zones", () => {
  it("moves a job pinned to the source cell's zone (local time) to the new cell's, and leaves a job pinned elsewhere", () => {
    const root = fleetCopy(THREE_CELLS_ROOT);
    const file = path.join(root, "Pulumi.eu-west-1.yaml");
    const source = fs.readFileSync(file, "utf8");
    const pinned = source
      .replace("      schedule: rate(5 minutes)\n", "      schedule: rate(5 minutes)\n      timeZone: Europe/Dublin\n")
      .replace("      schedule: cron(30 3 * * ? *)\n", "      schedule: cron(30 3 * * ? *)\n      timeZone: UTC\n");
    assert.notEqual(pinned, source, "the fixture's jobs were found");
    fs.writeFileSync(file, pinned);
    const { code, stderr } = newCell(root, [...TOKYO, "--from", "eu-west-1"]);
    assert.equal(code, 0, stderr);
    const jobs = configOf(root, "ap-northeast-1")["storefront:jobs"] as { name: string; timeZone?: string }[];
    assert.deepEqual(
      jobs.map((job) => [job.name, job.timeZone]),
      [
        ["catalog-sync", "Asia/Tokyo"],
        ["order-reconciliation", "UTC"],
        // Not pinned: it follows the new cell's time zone by default.
        ["cache-warm", undefined],
      ],
    );
  });
});

describe("npm run remove-cell refusals", () => {
  it("refuses the primary once it has moved away from the home, pointing to the switchover runbook, and writes nothing", () => {
    const root = fleetWithPrimaryMoved(THREE_CELLS_ROOT, THIRD_CELL);
    const before = snapshot(root);
    const { code, stderr } = removeCell(root, [THIRD_CELL]);
    assert.equal(code, 1);
    assert.match(
      stderr,
      /"ap-southeast-2" is the primary cell: switch the writer to another cell and make that the primary first \(docs\/recovery\.md, "Planned switchover"\)/,
    );
    assert.deepEqual(snapshot(root), before);
  });

  const cases: [string, string[], RegExp][] = [
    ["the home", ["us-east-1"], /"us-east-1" is the home cell \(homeStack\): it holds the global cluster/],
    ["a stack that is not a cell", ["global"], /"global" is not a cell stack here/],
    [
      "--finish while the edge still lists the cell",
      ["eu-west-1", "--finish"],
      /global still list "eu-west-1": run npm run remove-cell -- eu-west-1 first/,
    ],
    ["no stack named", [], /name one cell stack/],
  ];
  for (const [what, args, message] of cases) {
    it(`refuses ${what} and writes nothing`, () => {
      const root = fleetCopy(THREE_CELLS_ROOT);
      const before = snapshot(root);
      const { code, stderr } = removeCell(root, args);
      assert.equal(code, 1);
      assert.match(stderr, message);
      assert.deepEqual(snapshot(root), before);
    });
  }
});

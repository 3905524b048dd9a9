import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../config/files";
import { readCellConfig } from "../config/cell";
import { cellStacks, deployOrder } from "../config/deploy-order";
import { loadStackConfig } from "../config/files";
import { isMockValue, MOCK_MARK } from "../scripts/plan-format";
import { parsePlanArgs, PLAN_USAGE, PlanResult, runPlan } from "../scripts/plan-run";
import { estimateSummary } from "../scripts/cost-report";
import { describeFailoverDetail, describeHeadroom, fleetHeadroom } from "../capacity/regional-headroom";
import { THREE_CELLS_ROOT } from "./fixtures/three-cells";

const copies: string[] = [];

/** A copy of the fixture fleet's Pulumi files in a temporary directory, with edits applied. */
function fixtureCopy(edit: { file: string; from: string; to: string }[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storefront-plan-"));
  copies.push(dir);
  for (const file of fs.readdirSync(THREE_CELLS_ROOT).filter((f) => /^Pulumi(\..+)?\.yaml$/.test(f))) {
    fs.copyFileSync(path.join(THREE_CELLS_ROOT, file), path.join(dir, file));
  }
  for (const { file, from, to } of edit) {
    const target = path.join(dir, file);
    const text = fs.readFileSync(target, "utf8");
    assert.ok(text.includes(from), `${file} has no ${from}`);
    fs.writeFileSync(target, text.replace(from, to));
  }
  return dir;
}

/** The plan of the fixture fleet (evaluated once per run, shared with the other specs), in process. */
let fixturePlan: Promise<PlanResult> | undefined;
const planOfFixture = () => (fixturePlan ??= runPlan(["--root", THREE_CELLS_ROOT]));

describe("npm run plan", function () {
  this.timeout(180_000);
  after(() => {
    for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("on the shipped stack files", () => {
    it("prints every stack in deploy order, each cell's VPC, capacity and peak as configured, and exits 0", async () => {
      const { code, stdout, stderr } = await runPlan([]);
      assert.equal(code, 0, stderr);
      const order = deployOrder();
      assert.ok(stdout.startsWith(`Deploy order: ${order.join(" -> ")}\n`));
      let at = 0;
      for (const stack of cellStacks()) {
        const config = readCellConfig(loadStackConfig(stack), stack);
        const heading = `== ${stack} (${config.isHome ? "home" : "joiner"} cell${config.isPrimary ? ", primary" : ""})`;
        const start = stdout.indexOf(heading);
        assert.ok(start > at, `${heading} in deploy order`);
        at = start;
        const section = stdout.slice(start).split("\n== ")[0];
        assert.match(section, new RegExp(`\\nVPC\\s+${config.cidr.replace(/\./g, "\\.")}\\n`));
        assert.match(
          section,
          new RegExp(
            `web capacity\\s+floor ${config.web.minTasks}, peak floor ${config.web.peakMinTasks}, ceiling ${config.web.maxTasks};`,
          ),
        );
        assert.ok(section.includes(`\npeak              ${config.peakWindowText} ${config.timeZone},`), section);
      }
      assert.doesNotMatch(stdout, /mock-secret/, "no generated secret is ever printed");
      // Ends with the estimate of each stack and the fleet, then the N+1 verdict of the same cells.
      const cells = cellStacks().map((stack) => readCellConfig(loadStackConfig(stack), stack));
      assert.ok(stdout.includes(`\n${estimateSummary()}\n`), "the estimate lines");
      const verdict = fleetHeadroom(cells);
      assert.ok(
        stdout.endsWith([describeHeadroom(verdict), ...describeFailoverDetail(verdict)].join("\n  ")),
        "the N+1 verdict and the failover each cell receives last",
      );
    });
  });

  describe("on the fixture fleet (pinned values)", () => {
    it("prints every stack in deploy order with its key settings", async () => {
      const { code, stdout, stderr } = await planOfFixture();
      assert.equal(code, 0, stderr);
      assert.match(stdout, /^Deploy order: us-east-1 -> eu-west-1 -> ap-southeast-2 -> global\n/);
      assert.ok(stdout.indexOf("== us-east-1 (home cell, primary)") < stdout.indexOf("== eu-west-1 (joiner cell)"));
      assert.match(stdout, /VPC\s+10\.20\.0\.0\/16/);
      // Chosen by zone ID: the mock account's euw1-az1, az2 and az3 are its zones c, d and a.
      assert.match(
        stdout,
        /region\s+eu-west-1\nAZs\s+eu-west-1c = euw1-az1, eu-west-1d = euw1-az2, eu-west-1a = euw1-az3\n/,
      );
      assert.match(stdout, /web task\s+1 vCPU \/ 2048 MiB ARM64/);
      assert.match(stdout, /web capacity\s+floor 3, peak floor 12, ceiling 60/);
      // 17:30 in New York is 22:30 UTC in January and 21:30 UTC in July.
      assert.match(
        stdout,
        /before-peak\s+17:30 local = 22:30 \/ 21:30 UTC\s+min 12 max 60\s+cron\(30 17 \* \* \? \*\)/,
      );
      assert.match(stdout, /originVerifySecret\s+\[secret\]/);
      assert.doesNotMatch(stdout, /mock-secret/, "the origin secret must never be printed");
    });

    it("prints each cell's data tier: its role in the global database, windows in UTC, sizes and the media bucket", async () => {
      const { stdout } = await planOfFixture();
      const [primary, secondary] = stdout.split("== eu-west-1");
      assert.match(
        primary,
        /database\s+Aurora PostgreSQL 16\.6, home: creates global cluster storefront-global; primary: tasks write to the cluster endpoint/,
      );
      assert.match(
        secondary,
        /database\s+Aurora PostgreSQL 16\.6, joiner: joins the home's global cluster, no credentials of its own; not the primary/,
      );
      // The quiet hour 04:00 is 09:00 UTC in New York in January and 04:00 UTC in Dublin.
      assert.match(primary, /backups 14 days at 09:00-10:00 UTC, maintenance sun:10:00-sun:11:00 UTC/);
      assert.match(secondary, /backups 14 days at 04:00-05:00 UTC, maintenance sun:05:00-sun:06:00 UTC/);
      assert.match(primary, /master secret generated once, replicated to eu-west-1, ap-southeast-2/);
      assert.match(primary, /cache\s+Valkey 8\.0, 2 x cache\.m7g\.large, failover multi-AZ, TLS \+ auth token/);
      assert.match(
        secondary,
        /broker\s+RabbitMQ 3\.13 CLUSTER_MULTI_AZ mq\.m7g\.large, private, maintenance WEDNESDAY 05:00 Europe\/Dublin/,
      );
      assert.match(secondary, /media\s+storefront-media-eu-west-1-\S+: versioned, SSE-KMS with a bucket key/);
      assert.match(
        primary,
        /key\s+alias\/storefront\/us-east-1, rotation every 365 days, 30-day deletion window, protected/,
      );
    });

    it("prints the global stack last: each cell's latency record and health check, the certificate's names, the WAF rules, the distribution", async () => {
      const { stdout } = await planOfFixture();
      const edge = stdout.slice(stdout.indexOf("== global (edge)"));
      assert.ok(stdout.indexOf("== global (edge)") > stdout.indexOf("== ap-southeast-2 (joiner cell)"));
      assert.match(edge, /cells\s+us-east-1 \(home, primary\), eu-west-1, ap-southeast-2\n/);
      for (const region of ["us-east-1", "eu-west-1", "ap-southeast-2"]) {
        const line = new RegExp(
          `\\n  ${region}\\s+latency region ${region} -> \\S+\\.${region}\\.elb\\.amazonaws\\.com; health check \\S+ follows alarm storefront-${region}-web-no-healthy-tasks in ${region}`,
        );
        assert.match(edge, line);
      }
      assert.match(edge, /certificate\s+shop\.example\.com, www\.shop\.example\.com in us-east-1/);
      assert.match(
        edge,
        /per-ip-rate-limit: block above 2000 requests per 5 min per IP, counting paths starting \/api\//,
      );
      assert.match(
        edge,
        /AWSManagedRulesCommonRuleSet: AWS managed group, its own actions; only counts SizeRestrictions_BODY, GenericRFI_QUERYARGUMENTS/,
      );
      assert.match(
        edge,
        /distribution\s+PriceClass_All, http2and3, IPv6 on, viewer TLS TLSv1\.2_2021, web ACL attached\n/,
      );
      assert.match(edge, /\n {2}api\s+origin\.shop\.example\.com, Origin Shield/);
      assert.match(
        edge,
        /viewer names\s+shop\.example\.com, www\.shop\.example\.com: A \+ AAAA aliases to d\w+\.cloudfront\.net/,
      );
      assert.match(edge, /distributionArn\s+"arn:aws:cloudfront::\d{12}:distribution\/E\w+" \(mock value\)/);
    });

    it("shows one resource total per stack by default and the counts by component and type only with --resources", async () => {
      const { stdout } = await planOfFixture();
      assert.match(stdout, /\nresources\s+\d+ \(by type: npm run plan -- --resources\)\n/);
      assert.doesNotMatch(stdout, /\d+ x aws:/);
      const detailed = await runPlan(["--root", THREE_CELLS_ROOT, "--resources", "eu-west-1"]);
      assert.equal(detailed.code, 0, detailed.stderr);
      assert.match(detailed.stdout, /storefront:cell:WebService\n(\s+\d+ x \S+\n)*\s+1 x aws:ecs\/service:Service/);
    });

    it("marks every output the mocks made up (account ids, generated names and ids), and no value from config", async () => {
      const { stdout } = await planOfFixture();
      const outputs = stdout.split("\n").filter((line) => /^ {2}\w+ {2,}/.test(line) && line.length > 30);
      const marked = outputs.filter((line) => line.endsWith(MOCK_MARK));
      assert.ok(marked.length >= 10, `only ${marked.length} marked`);
      for (const line of outputs) {
        if (line.includes("123456789012")) assert.ok(line.endsWith(MOCK_MARK), line);
      }
      assert.match(stdout, /\n {2}vpcCidr\s+"10\.10\.0\.0\/16"\n/, "a configured value is not marked");
      assert.match(stdout, /\n {2}originHostName\s+"origin\.shop\.example\.com"\n/);
      assert.match(
        stdout,
        /\n {2}us-east-1\s+latency region us-east-1 -> .* \(mock value\)\n/,
        "a settings row with a mock name",
      );
      assert.match(stdout, /\nVPC\s+10\.10\.0\.0\/16\n/, "a settings row from config is not marked");
      assert.equal(isMockValue('"storefront-media-eu-west-1-0a1b2c3"'), true);
      assert.equal(isMockValue('"eu-west-1"'), false);
    });

    it("prints only the named stack when asked", async () => {
      const { code, stdout } = await runPlan(["--root", THREE_CELLS_ROOT, "eu-west-1"]);
      assert.equal(code, 0);
      assert.match(stdout, /== eu-west-1/);
      assert.doesNotMatch(stdout, /== us-east-1/);
    });
  });

  describe("refusals", () => {
    it("refuses a secondary cell whose region the primary does not replicate the master secret to", async () => {
      const root = fixtureCopy([
        {
          file: "Pulumi.us-east-1.yaml",
          from: "replicaRegions: [eu-west-1, ap-southeast-2]",
          to: "replicaRegions: [ap-southeast-2]",
        },
      ]);
      const { code, stdout, stderr } = await runPlan(["--root", root]);
      assert.equal(code, 1);
      assert.equal(stdout, "");
      assert.match(stderr, /stack "eu-west-1" needs the database master secret in eu-west-1/);
    });

    it("prints every config problem with key, value and what is allowed", async () => {
      const root = fixtureCopy([
        { file: "Pulumi.eu-west-1.yaml", from: "Europe/Dublin", to: "CET" },
        { file: "Pulumi.us-east-1.yaml", from: "memory: 2048", to: "memory: 1000" },
      ]);
      const { code, stdout, stderr } = await runPlan(["--root", root]);
      assert.equal(code, 1);
      assert.equal(stdout, "");
      assert.match(stderr, /storefront:timeZone = "CET": must be an IANA time zone name/);
      assert.match(stderr, /storefront:web\.memory = .*memory must be 2048\.\.8192 MiB in steps of 1024/);
    });

    it("refuses cells whose CIDRs overlap", async () => {
      const root = fixtureCopy([{ file: "Pulumi.eu-west-1.yaml", from: "10.20.0.0/16", to: "10.10.128.0/17" }]);
      const { code, stderr } = await runPlan(["--root", root]);
      assert.equal(code, 1);
      assert.match(
        stderr,
        /"us-east-1" \(10\.10\.0\.0\/16\) and "eu-west-1" \(10\.10\.128\.0\/17\) have overlapping VPC CIDRs/,
      );
    });

    it("refuses a global stack that lists a cell stack with no file", async () => {
      const root = fixtureCopy([
        { file: "Pulumi.global.yaml", from: "- ap-southeast-2", to: "- ap-southeast-2\n    - ap-south-1" },
      ]);
      const { code, stdout, stderr } = await runPlan(["--root", root]);
      assert.equal(code, 1);
      assert.equal(stdout, "");
      assert.match(
        stderr,
        /stack "global" lists "ap-south-1" in storefront:cells, which is not a cell stack file here/,
      );
    });

    it("refuses a stack name it has no file for", async () => {
      const { code, stderr } = await runPlan(["--root", THREE_CELLS_ROOT, "ap-south-1"]);
      assert.equal(code, 1);
      assert.match(stderr, /No stack file for ap-south-1; stacks are: us-east-1, eu-west-1, ap-southeast-2, global/);
    });
  });

  describe("--help and the command line", () => {
    it("prints its usage with --help and refuses an unknown option with the usage", async () => {
      const help = await runPlan(["--help"]);
      assert.equal(help.code, 0);
      assert.equal(help.stdout, PLAN_USAGE);
      for (const option of ["--root", "--resources", "--deploy-check", "--help"])
        assert.ok(PLAN_USAGE.includes(option));
      const unknown = await runPlan(["--resource"]);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /^unknown option --resource; options are/);
      assert.ok(unknown.stderr.includes(PLAN_USAGE));
      assert.deepEqual(parsePlanArgs(["--root"]), { error: "--root needs a directory" });
    });
  });

  it("runs as `npm run plan` in its own process: problems on stderr, nothing on stdout, exit 1", () => {
    // The one child process of the plan specs: the script's wiring (arguments, streams, exit code).
    const root = fixtureCopy([{ file: "Pulumi.eu-west-1.yaml", from: "Europe/Dublin", to: "CET" }]);
    const result = spawnSync(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", path.join(PROJECT_ROOT, "scripts/plan.ts"), "--root", root],
      { cwd: PROJECT_ROOT, encoding: "utf8", timeout: 120_000 },
    );
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stdout, "");
    assert.match(
      result.stderr,
      /^Invalid configuration for stack "eu-west-1" \(1 problem\):\n {2}- storefront:timeZone = "CET"/,
    );
  });
});

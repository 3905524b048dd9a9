import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../config/files";
import { threeCellRoot } from "./fixtures/three-cells";

/** Runs `npm run plan` as a user would (same script, own process) and returns what it printed. */
function plan(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", path.join(PROJECT_ROOT, "scripts/plan.ts"), ...args],
    { cwd: PROJECT_ROOT, encoding: "utf8", timeout: 120_000 },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const copies: string[] = [];

/** A copy of the project's Pulumi files in a temporary directory, with one stack file edited. */
function projectCopy(edit: { file: string; from: string; to: string }[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storefront-plan-"));
  copies.push(dir);
  for (const file of fs.readdirSync(PROJECT_ROOT).filter((f) => /^Pulumi(\..+)?\.yaml$/.test(f))) {
    fs.copyFileSync(path.join(PROJECT_ROOT, file), path.join(dir, file));
  }
  for (const { file, from, to } of edit) {
    const target = path.join(dir, file);
    const text = fs.readFileSync(target, "utf8");
    assert.ok(text.includes(from), `${file} has no ${from}`);
    fs.writeFileSync(target, text.replace(from, to));
  }
  return dir;
}

describe("npm run plan", function () {
  this.timeout(180_000);
  after(() => {
    for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("prints every stack in deploy order with its key settings, and exits 0", () => {
    const { status, stdout, stderr } = plan();
    assert.equal(status, 0, stderr);
    assert.match(stdout, /Deploy order: us-east-1 -> eu-west-1/);
    assert.ok(stdout.indexOf("== us-east-1 (primary cell)") < stdout.indexOf("== eu-west-1 (secondary cell)"));
    assert.match(stdout, /VPC\s+10\.20\.0\.0\/16/);
    assert.match(stdout, /region\s+eu-west-1, AZs eu-west-1a, eu-west-1b, eu-west-1c/);
    assert.match(stdout, /web task\s+1 vCPU \/ 2048 MiB ARM64/);
    assert.match(stdout, /web capacity\s+floor 3, peak floor 12, ceiling 60/);
    // 17:30 in New York is 22:30 UTC in January and 21:30 UTC in July.
    assert.match(stdout, /before-peak\s+17:30 local = 22:30 \/ 21:30 UTC\s+min 12 max 60\s+cron\(30 17 \* \* \? \*\)/);
    assert.match(stdout, /storefront:cell:WebService\n(\s+\d+ x \S+\n)*\s+1 x aws:ecs\/service:Service/);
    assert.match(stdout, /originVerifySecret\s+\[secret\]/);
    assert.doesNotMatch(stdout, /mock-secret/, "the origin secret must never be printed");
  });

  it("prints each cell's data tier: its role in the global database, windows in UTC, sizes and the media bucket", () => {
    const { status, stdout, stderr } = plan();
    assert.equal(status, 0, stderr);
    const [primary, secondary] = stdout.split("== eu-west-1");
    assert.match(primary, /database\s+Aurora PostgreSQL 16\.6, primary: creates global cluster storefront-global/);
    assert.match(secondary, /database\s+Aurora PostgreSQL 16\.6, secondary: joins the primary's global cluster/);
    // The quiet hour 04:00 is 09:00 UTC in New York in January and 04:00 UTC in Dublin.
    assert.match(primary, /backups 14 days at 09:00-10:00 UTC, maintenance sun:10:00-sun:11:00 UTC/);
    assert.match(secondary, /backups 14 days at 04:00-05:00 UTC, maintenance sun:05:00-sun:06:00 UTC/);
    assert.match(primary, /master secret generated once, replicated to eu-west-1/);
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
    assert.doesNotMatch(stdout, /mock-secret/, "no generated password is ever printed");
  });

  it("refuses a secondary cell whose region the primary does not replicate the master secret to, and exits 1", () => {
    const root = projectCopy([
      { file: "Pulumi.us-east-1.yaml", from: "replicaRegions: [eu-west-1]", to: "replicaRegions: []" },
    ]);
    const { status, stdout, stderr } = plan("--root", root);
    assert.equal(status, 1);
    assert.equal(stdout, "");
    assert.match(stderr, /stack "eu-west-1" needs the database master secret in eu-west-1/);
  });

  it("prints only the named stack when asked", () => {
    const { status, stdout } = plan("eu-west-1");
    assert.equal(status, 0);
    assert.match(stdout, /== eu-west-1/);
    assert.doesNotMatch(stdout, /== us-east-1/);
  });

  it("prints every config problem with key, value and what is allowed, and exits 1", () => {
    const root = projectCopy([
      { file: "Pulumi.eu-west-1.yaml", from: "Europe/Dublin", to: "CET" },
      { file: "Pulumi.us-east-1.yaml", from: "memory: 2048", to: "memory: 1000" },
    ]);
    const { status, stdout, stderr } = plan("--root", root);
    assert.equal(status, 1);
    assert.equal(stdout, "");
    assert.match(stderr, /storefront:timeZone = "CET": must be an IANA time zone name/);
    assert.match(stderr, /storefront:web\.memory = .*memory must be 2048\.\.8192 MiB in steps of 1024/);
  });

  it("refuses cells whose CIDRs overlap, and exits 1", () => {
    const root = projectCopy([{ file: "Pulumi.eu-west-1.yaml", from: "10.20.0.0/16", to: "10.10.128.0/17" }]);
    const { status, stderr } = plan("--root", root);
    assert.equal(status, 1);
    assert.match(
      stderr,
      /"us-east-1" \(10\.10\.0\.0\/16\) and "eu-west-1" \(10\.10\.128\.0\/17\) have overlapping VPC CIDRs/,
    );
  });

  it("prints the global stack last: each cell's latency record and health check, the certificate's names, the WAF rules, the distribution", () => {
    const { status, stdout, stderr } = plan("--root", threeCellRoot());
    assert.equal(status, 0, stderr);
    assert.match(stdout, /Deploy order: us-east-1 -> ap-southeast-2 -> eu-west-1 -> global\n/);
    const edge = stdout.slice(stdout.indexOf("== global (edge)"));
    assert.ok(stdout.indexOf("== global (edge)") > stdout.indexOf("== eu-west-1 (secondary cell)"));
    assert.match(edge, /cells\s+us-east-1 \(primary\), eu-west-1, ap-southeast-2\n/);
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
      /distribution\s+PriceClass_100, http2and3, IPv6 on, viewer TLS TLSv1\.2_2021, web ACL attached\n/,
    );
    assert.match(edge, /\n {2}api\s+origin\.shop\.example\.com, Origin Shield/);
    assert.match(
      edge,
      /viewer names\s+shop\.example\.com, www\.shop\.example\.com: A \+ AAAA aliases to d\w+\.cloudfront\.net/,
    );
    assert.match(edge, /distributionArn\s+"arn:aws:cloudfront::\d{12}:distribution\/E\w+"/);
    assert.doesNotMatch(stdout, /mock-secret/, "the origin secret must never be printed");
  });

  it("refuses a global stack that lists a cell stack with no file, and exits 1", () => {
    const root = projectCopy([
      { file: "Pulumi.global.yaml", from: "- eu-west-1", to: "- eu-west-1\n    - ap-south-1" },
    ]);
    const { status, stdout, stderr } = plan("--root", root);
    assert.equal(status, 1);
    assert.equal(stdout, "");
    assert.match(stderr, /stack "global" lists "ap-south-1" in storefront:cells, which is not a cell stack file here/);
  });

  it("refuses a stack name it has no file for", () => {
    const { status, stderr } = plan("ap-south-1");
    assert.equal(status, 1);
    assert.match(stderr, /No stack file for ap-south-1; stacks are: us-east-1, eu-west-1/);
  });
});

import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { format, resolveConfig } from "prettier";
import { parse } from "yaml";
import { deployOrder } from "../config/deploy-order";
import { listStacks, PROJECT_ROOT } from "../config/files";
import { deployWorkflow, previewWorkflow, WORKFLOW_DIR, workflowFiles } from "../scripts/workflows";
import { THIRD_CELL, threeCellRoot } from "./fixtures/three-cells";

type Workflow = { on: Record<string, any>; permissions: Record<string, string>; jobs: Record<string, Job> };
type Job = { needs?: string | string[]; environment?: string; steps: Step[] };
type Step = { uses?: string; run?: string; with?: Record<string, any>; env?: Record<string, string> };

function committed(file: string): { text: string; workflow: Workflow } {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, WORKFLOW_DIR, file), "utf8");
  return { text, workflow: parse(text) as Workflow };
}

const isPulumi = (step: Step) => (step.uses ?? "").startsWith("pulumi/actions@");
const stackOf = (step: Step) => String(step.with?.["stack-name"]).split("/").pop();

/** The stacks a workflow's preview job previews, in step order. */
function previewedStacks(workflow: Workflow): string[] {
  return workflow.jobs.preview.steps.filter(isPulumi).map((step) => {
    assert.equal(step.with?.command, "preview");
    return stackOf(step)!;
  });
}

/** The stacks a workflow deploys, following the chain of `needs` from the test job. */
function deployedStacks(workflow: Workflow): string[] {
  const stacks: string[] = [];
  const jobs = Object.entries(workflow.jobs);
  let previous = "test";
  for (;;) {
    const next = jobs.filter(([, job]) => [job.needs ?? []].flat().includes(previous));
    if (next.length === 0) break;
    assert.equal(next.length, 1, `only one job may follow ${previous}: deployments run one at a time`);
    const [id, job] = next[0];
    const pulumi = job.steps.filter(isPulumi);
    assert.equal(pulumi.length, 1, `${id} runs one pulumi command`);
    assert.equal(pulumi[0].with?.command, "up");
    stacks.push(stackOf(pulumi[0])!);
    assert.equal(job.environment, stackOf(pulumi[0]), `${id} runs behind the environment of its stack`);
    previous = id;
  }
  const chained = stacks.length + 1;
  assert.equal(chained, jobs.length, "every job is in the chain from the tests to the last stack");
  return stacks;
}

describe("CI/CD workflows", () => {
  it("are current with the stack files (npm run workflows writes them)", () => {
    for (const [file, text] of Object.entries(workflowFiles())) {
      assert.equal(committed(file).text, text, `${WORKFLOW_DIR}/${file} is stale: run npm run workflows`);
    }
  });

  it("are generated in the layout Prettier keeps, for the shipped and the three-cell stack files", async () => {
    for (const root of [PROJECT_ROOT, threeCellRoot()]) {
      for (const [file, text] of Object.entries(workflowFiles(root))) {
        const target = path.join(PROJECT_ROOT, WORKFLOW_DIR, file);
        const formatted = await format(text, { ...(await resolveConfig(target)), filepath: target });
        assert.ok(formatted === text, `${file} for ${root}: prettier would reformat the generated text`);
      }
    }
  });

  describe("preview.yml", () => {
    const { text, workflow } = committed("preview.yml");

    it("runs on pull requests only, tests first, then previews every stack file in deploy order", () => {
      assert.deepEqual(Object.keys(workflow.on), ["pull_request"]);
      const runs = workflow.jobs.test.steps.map((step) => step.run).filter(Boolean);
      assert.deepEqual(runs, ["npm ci", "npm test"]);
      assert.equal(workflow.jobs.preview.needs, "test");
      assert.deepEqual(previewedStacks(workflow), deployOrder());
      assert.deepEqual([...previewedStacks(workflow)].sort(), [...listStacks()].sort());
    });

    it("runs the policy pack on every preview and posts each on the pull request", () => {
      const steps = workflow.jobs.preview.steps;
      assert.ok(
        steps.some((step) => step.run === "npm ci --prefix policy"),
        "installs the pack",
      );
      for (const step of steps.filter(isPulumi)) {
        assert.equal(step.with?.policyPacks, "policy");
        assert.equal(step.with?.["comment-on-pr"], true);
        assert.equal(step.env?.PULUMI_ACCESS_TOKEN, "${{ secrets.PULUMI_ACCESS_TOKEN }}");
      }
      assert.equal(workflow.permissions["pull-requests"], "write");
      assertOidcOnly(text, workflow, "preview");
    });
  });

  describe("deploy.yml", () => {
    const { text, workflow } = committed("deploy.yml");

    it("runs on pushes to main and deploys every stack file in deploy order, each after the one before", () => {
      assert.deepEqual(workflow.on, { push: { branches: ["main"] } });
      assert.deepEqual(deployedStacks(workflow), deployOrder());
    });

    it("runs the policy pack on every deployment, with OIDC credentials and the Pulumi token from secrets", () => {
      for (const job of Object.values(workflow.jobs).filter((job) => job.environment)) {
        const [up] = job.steps.filter(isPulumi);
        assert.equal(up.with?.policyPacks, "policy");
        assert.equal(up.env?.PULUMI_ACCESS_TOKEN, "${{ secrets.PULUMI_ACCESS_TOKEN }}");
        assert.ok(job.steps.some((step) => step.run === "npm ci --prefix policy"));
        assertOidcOnly(text, { ...workflow, jobs: { job } }, "job");
      }
    });
  });

  it("put a new cell's stack file in both pipelines, between the primary and the global stack", () => {
    const root = threeCellRoot();
    const order = deployOrder(root);
    assert.ok(order.includes(THIRD_CELL));
    assert.deepEqual(previewedStacks(previewWorkflow(root) as Workflow), order);
    assert.deepEqual(deployedStacks(deployWorkflow(root) as Workflow), order);
    assert.equal(order.at(-1), "global");
  });
});

/** Credentials come from OIDC: an id-token permission, a role to assume in the job, no access keys anywhere. */
function assertOidcOnly(text: string, workflow: Workflow, jobId: string): void {
  assert.equal(workflow.permissions["id-token"], "write");
  const credentials = workflow.jobs[jobId].steps.filter((step) =>
    (step.uses ?? "").startsWith("aws-actions/configure-aws-credentials@"),
  );
  assert.equal(credentials.length, 1);
  assert.match(String(credentials[0].with?.["role-to-assume"]), /^\$\{\{ vars\.AWS_\w+_ROLE_ARN \}\}$/);
  assert.doesNotMatch(text, /aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
  // Credentials come before the first pulumi command.
  const steps = workflow.jobs[jobId].steps;
  assert.ok(steps.indexOf(credentials[0]) < steps.findIndex(isPulumi));
}

import { strict as assert } from "node:assert";
import { jobsRunningHere } from "../config/job-placement";
import { readCellConfig } from "../config/cell";
import { cellStacks } from "../config/deploy-order";
import { loadStackConfig } from "../config/files";
import { planSubnets } from "../network/cidr";
import { evaluateFleet, StackEvaluation } from "../offline/evaluate";
import { MOCK_ACCOUNT_ID, MockCloud, RecordedResource } from "../offline/mock-cloud";
import { buildCellView } from "../scripts/diagram/cell-view";
import { buildFleetView, cellNode } from "../scripts/diagram/fleet-view";
import { toDot } from "../scripts/diagram/dot";
import { Diagram, DiagramEdge, DiagramNode } from "../scripts/diagram/model";
import { evaluateThreeCells, THIRD_CELL, threeCellRoot } from "./fixtures/three-cells";
import { fleetsUnderTest } from "./support/fleets";

/** When a node names an AWS service, the resources it stands for include one of that service. */
const SERVICE_TYPES: [string, string][] = [
  ["Amazon Route 53", "aws:route53/record:Record"],
  ["Route 53 health check", "aws:route53/healthCheck:HealthCheck"],
  ["AWS WAF", "aws:wafv2/webAcl:WebAcl"],
  ["Amazon CloudFront", "aws:cloudfront/distribution:Distribution"],
  ["AWS Certificate Manager", "aws:acm/certificate:Certificate"],
  ["Application Load Balancer", "aws:lb/loadBalancer:LoadBalancer"],
  ["Amazon Aurora", "aws:rds/cluster:Cluster"],
  ["ElastiCache for Valkey", "aws:elasticache/replicationGroup:ReplicationGroup"],
  ["Amazon MQ for RabbitMQ", "aws:mq/broker:Broker"],
  ["Amazon S3", "aws:s3/bucket:Bucket"],
  ["Amazon CloudWatch alarm", "aws:cloudwatch/metricAlarm:MetricAlarm"],
  ["AWS Secrets Manager", "aws:secretsmanager/secret:Secret"],
  ["AWS KMS", "aws:kms/key:Key"],
  ["Amazon SQS", "aws:sqs/queue:Queue"],
  ["Amazon SNS", "aws:sns/topic:Topic"],
  ["EventBridge Scheduler", "aws:scheduler/schedule"],
  ["VPC interface endpoints", "aws:ec2/vpcEndpoint:VpcEndpoint"],
  ["NAT gateways", "awsx:ec2:Vpc"],
];

/** The three-cell fixture fleet (test/fixtures), drawn: the fixture's cells, services and links are pinned here. */
describe("architecture diagram of the three-cell fixture", () => {
  let fleet: StackEvaluation[] = [];
  let fleetView: Diagram;
  let cellView: Diagram;
  const root = threeCellRoot();
  const cells = cellStacks(root);
  const configOf = (stack: string) => readCellConfig(loadStackConfig(stack, root), stack);
  const nodeOf = (diagram: Diagram, id: string): DiagramNode => {
    const node = diagram.nodes.find((n) => n.id === id);
    assert.ok(node, `${diagram.name} view has node ${id}`);
    return node;
  };
  const cellOfNode = (id: string) => cells.find((stack) => id.startsWith(`${stack}/`));
  /** Edges between the parts of two different cells. */
  const crossCell = (edges: DiagramEdge[]) =>
    edges.filter((e) => cellOfNode(e.from) && cellOfNode(e.to) && cellOfNode(e.from) !== cellOfNode(e.to));

  before(async () => {
    fleet = await evaluateThreeCells();
    fleetView = buildFleetView(fleet, root);
    cellView = buildCellView(fleet, root);
  });

  it("has the fixture's three cells, the primary first", () => {
    assert.equal(cells[0], "us-east-1");
    assert.deepEqual([...cells].sort(), ["eu-west-1", "us-east-1", THIRD_CELL].sort());
  });

  it("draws a box per cell naming its region, time zone and local peak", () => {
    for (const stack of cells) {
      const config = configOf(stack);
      const box = fleetView.groups.find((g) => g.id === `cell-${stack}`);
      assert.ok(box, `a box for ${stack}`);
      const title = box.label.join("\n");
      for (const fact of [stack, config.region, config.timeZone, config.peakWindowText]) {
        assert.ok(title.includes(fact), `${stack}'s box title "${title}" names ${fact}`);
      }
    }
  });

  it("puts each cell's load balancer, web and worker services and every scheduled job in its box", () => {
    for (const stack of cells) {
      const config = configOf(stack);
      // Every job the cell lists is built there; one that does not run here says so.
      const jobs = config.background.jobs.map((job) => `job-${job.name}`);
      for (const job of config.background.jobs) {
        const label = nodeOf(fleetView, cellNode.workload(stack, `job-${job.name}`)).label.join("\n");
        const runs = jobsRunningHere([job], config.isPrimary).length > 0;
        assert.equal(label.includes("(disabled"), !(runs && job.enabled), `${stack} ${job.name}: ${label}`);
        if (!runs) assert.ok(label.includes("(disabled here)"), `${stack} ${job.name}: ${label}`);
      }
      const inCell = (id: string) => {
        const group = nodeOf(fleetView, id).group;
        return group === `cell-${stack}` || fleetView.groups.find((g) => g.id === group)?.parent === `cell-${stack}`;
      };
      for (const id of [
        cellNode.alb(stack),
        ...["web", "worker", ...jobs].map((key) => cellNode.workload(stack, key)),
      ]) {
        assert.ok(inCell(id), `${id} is drawn inside ${stack}'s box`);
      }
      const drawnJobs = fleetView.nodes.filter((n) => n.id.startsWith(`${stack}/job-`)).map((n) => n.id);
      assert.deepEqual(
        drawnJobs.sort(),
        jobs.map((key) => cellNode.workload(stack, key)).sort(),
        `${stack}: exactly its jobs`,
      );
    }
  });

  it("follows a request from DNS through WAF, CloudFront and the latency records to every cell's web service and database", () => {
    const path = (from: string, to: string) => fleetView.edges.some((e) => e.from === from && e.to === to);
    assert.ok(path("shoppers", "route53-viewers"));
    assert.ok(path("route53-viewers", "waf"));
    assert.ok(path("waf", "cloudfront"));
    assert.ok(path("cloudfront", "route53-latency"));
    const apiEdges = fleetView.edges.filter((e) => e.from === "cloudfront" && e.to === "route53-latency");
    assert.ok(
      apiEdges.some((e) => e.label.includes("read API")) && apiEdges.some((e) => e.label.includes("other API paths")),
    );
    // The write paths go straight to the primary's load balancer, through writer.<domain>.
    const writes = fleetView.edges.filter((e) => e.from === "cloudfront" && e.label.includes("writer."));
    assert.deepEqual(
      writes.map((e) => e.to),
      [cellNode.alb(cells.find((stack) => configOf(stack).isPrimary)!)],
    );
    for (const stack of cells) {
      assert.ok(path("route53-latency", cellNode.alb(stack)), `Route 53 routes to ${stack}`);
      assert.ok(
        path(cellNode.alb(stack), cellNode.workload(stack, "web")),
        `${stack}'s ALB forwards to its web service`,
      );
      assert.ok(
        path(cellNode.workload(stack, "web"), `${stack}/database`),
        `${stack}'s web service reaches its database`,
      );
    }
  });

  it("draws each cross-region link once: bucket replication per pair both ways, Aurora replication and write forwarding per secondary", () => {
    // A two-way link reads the same from either end: name its ends in sorted order.
    const ends = (e: DiagramEdge) => (e.both ? [e.from, e.to].sort() : [e.from, e.to]);
    const links = crossCell(fleetView.edges).map(
      (e) => `${ends(e).join(" -> ")}: ${e.label}${e.both ? " (both)" : ""}`,
    );
    const [primary, ...secondaries] = cells;
    const pairs = cells.flatMap((a, i) => cells.slice(i + 1).map((b) => [a, b]));
    const expected = [
      ...pairs.map(
        ([a, b]) => `${[cellNode.bucket(a), cellNode.bucket(b)].sort().join(" -> ")}: S3 replication (both)`,
      ),
      ...secondaries.map((s) => `${primary}/database -> ${s}/database: global database replication`),
      ...secondaries
        .filter((s) => configOf(s).data.database.writeForwarding)
        .map((s) => `${s}/database -> ${primary}/database: write forwarding (SQL)`),
    ];
    assert.deepEqual([...links].sort(), [...expected].sort());
  });

  it("draws one health check per cell, fed by that cell's alarm", () => {
    for (const stack of cells) {
      const check = `health-check/${stack}`;
      assert.equal(fleetView.edges.filter((e) => e.from === cellNode.healthAlarm(stack) && e.to === check).length, 1);
    }
    const checks = fleetView.nodes.filter((n) => n.id.startsWith("health-check/")).map((n) => n.id);
    assert.deepEqual(checks.sort(), cells.map((s) => `health-check/${s}`).sort());
  });

  it("draws the media origin group's two members (CloudFront's limit), the primary's bucket first", () => {
    const media = fleetView.edges.filter((e) => e.from === "cloudfront" && e.to.endsWith("/media"));
    assert.deepEqual(
      media.map((e) => [e.to, e.label.includes("first") ? "first" : "failover"]),
      [
        [cellNode.bucket("us-east-1"), "first"],
        [cellNode.bucket("eu-west-1"), "failover"],
      ],
    );
  });

  it("feeds each cell's jobs from exactly the external systems they are configured with, each system drawn once", () => {
    for (const stack of cells) {
      for (const job of jobsRunningHere(configOf(stack).background.jobs, configOf(stack).isPrimary)) {
        const feeding = fleetView.edges
          .filter((e) => e.to === cellNode.workload(stack, `job-${job.name}`) && e.from.startsWith("external/"))
          .map((e) => e.from.replace("external/", ""));
        assert.deepEqual(feeding.sort(), [...job.externalSystems].sort(), `${stack} ${job.name}`);
      }
    }
    const systems = new Set(cells.flatMap((stack) => configOf(stack).background.externalSystems.map((s) => s.name)));
    const drawn = fleetView.nodes.filter((n) => n.id.startsWith("external/")).map((n) => n.label[0]);
    assert.deepEqual(drawn.sort(), [...systems].sort());
  });

  it("leaves out what a cell does not register: without its worker service and one job, their nodes go", () => {
    const [stack] = cells;
    const [job] = configOf(stack).background.jobs;
    const trimmed = fleet.map((evaluation) => {
      if (evaluation.stack !== stack) return evaluation;
      const cloud = new MockCloud();
      const dropped = (r: RecordedResource) =>
        (r.type === "aws:ecs/service:Service" && r.parentType === "storefront:cell:WorkerService") ||
        (r.type === "aws:scheduler/schedule:Schedule" && r.inputs.name === job.name);
      cloud.resources.push(...evaluation.cloud.resources.filter((r) => !dropped(r)));
      return { ...evaluation, cloud };
    });
    const ids = new Set(buildFleetView(trimmed, root).nodes.map((n) => n.id));
    assert.ok(!ids.has(cellNode.workload(stack, "worker")), "no worker node");
    assert.ok(!ids.has(cellNode.workload(stack, `job-${job.name}`)), `no ${job.name} node`);
    assert.ok(ids.has(cellNode.workload(stack, "web")), "the web service stays");
    assert.ok(ids.has(cellNode.workload(cells[1], "worker")), "another cell's worker stays");
  });

  it("cell view: draws the primary's subnet tiers with the CIDRs the subnet plan gives each AZ", () => {
    const [primary] = cells;
    const config = configOf(primary);
    const zones: string[] = fleet[0].outputs.availabilityZones;
    const plan = (tier: "public" | "private" | "isolated") => planSubnets(config.cidr, config.azCount)[tier];
    for (const tier of ["public", "private", "isolated"] as const) {
      const box = cellView.groups.find((g) => g.id === `tier-${tier}`);
      assert.ok(box, `a ${tier} tier box`);
      assert.deepEqual(
        box.label.slice(1),
        zones.map((zone, i) => `${zone} ${plan(tier)[i]}`),
      );
    }
    const tierOf = (id: string) => {
      const group = nodeOf(cellView, id).group;
      return cellView.groups.find((g) => g.id === group)?.parent ?? group;
    };
    assert.equal(nodeOf(cellView, "alb").group, "tier-public");
    assert.equal(tierOf("web"), "tier-private");
    assert.equal(nodeOf(cellView, "database").group, "tier-isolated");
    assert.equal(nodeOf(cellView, "cache").group, "tier-isolated");
  });
});

/** Invariants of the drawing for every fleet the specs evaluate (the shipped files and the fixtures). */
describe("architecture diagram of every fleet under test", () => {
  for (const { name, root } of fleetsUnderTest()) {
    describe(name, () => {
      let fleet: StackEvaluation[] = [];
      let views: Diagram[] = [];
      before(async () => {
        fleet = await evaluateFleet(root);
        views = [buildFleetView(fleet, root), buildCellView(fleet, root)];
      });

      it("draws nothing the program does not create: each node stands for registered resources of the service it names", () => {
        const recorded = new Map<string, RecordedResource>(
          fleet.flatMap((e) => e.cloud.resources.map((r): [string, RecordedResource] => [r.urn, r])),
        );
        for (const diagram of views) {
          for (const node of diagram.nodes) {
            const where = `${diagram.name} view, ${node.id}`;
            if (node.outside) {
              assert.ok(
                node.id === "shoppers" || node.id.startsWith("external/"),
                `${where}: only shoppers and external systems lie outside`,
              );
              continue;
            }
            assert.ok(node.sources.length > 0, `${where} stands for recorded resources`);
            const types = node.sources.map((urn) => {
              const resource = recorded.get(urn);
              assert.ok(resource, `${where}: ${urn} was registered`);
              return resource.type;
            });
            const text = node.label.join("\n");
            for (const [service, type] of SERVICE_TYPES) {
              if (text.includes(service))
                assert.ok(
                  types.some((t) => t.startsWith(type)),
                  `${where} says ${service}, so it stands for a ${type}`,
                );
            }
          }
        }
      });

      it("shows no value the mock cloud made up (ids, random suffixes, the account, secrets)", () => {
        const made = [MOCK_ACCOUNT_ID, "0a1b2c3", "mock-secret", "arn:aws:"];
        const ids = fleet.flatMap((e) => e.cloud.resources.map((r) => r.id)).filter((id) => id.endsWith("-id"));
        for (const diagram of views) {
          const dot = toDot(diagram);
          for (const value of [...made, ...ids])
            assert.ok(!dot.includes(value), `the ${diagram.name} view shows "${value}"`);
        }
      });
    });
  }
});

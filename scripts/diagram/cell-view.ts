/**
 * The cell view: the primary cell in full. Its VPC with the subnet tiers per AZ (the plan
 * the program computed and passed to the VPC, which is one opaque component under mocks),
 * NAT and endpoints, the load balancer and its listener rules, the workloads and the
 * security-group paths to Aurora, Valkey and RabbitMQ, the key, the secrets, the media
 * bucket, the scheduler with its dead-letter queue, and the alarms with their topic.
 */
import { StackEvaluation } from "../../offline/evaluate";
import { reveal } from "../../offline/recorded-values";
import { addAlarms, addRegionalServices } from "./cell-services";
import { addExternalSystems, cellTitle, externalNode, flowOf, splitFleet } from "./cells";
import { albLabel, databaseUse, storeFlow, storeLabel, workloadLabel } from "./labels";
import { Diagram, DiagramBuilder, GroupKind } from "./model";
import {
  byName,
  dataStoresOf,
  externalCallsOf,
  ingressFrom,
  securityGroupPaths,
  urnsOf,
  Workload,
  workloadsOf,
} from "./recorded";

interface SubnetSpec {
  name: string;
  type: string;
  cidrBlocks: string[];
}

const TIER_ORDER = ["Public", "Private", "Isolated"];

/** The cell the view shows: the primary (it holds the most: the global cluster, the master secret). */
export function shownCell(fleet: StackEvaluation[]): StackEvaluation {
  const { cells } = splitFleet(fleet);
  const cell = cells.find((c) => c.outputs.isPrimary === true) ?? cells[0];
  if (!cell) throw new Error("the fleet has no cell stack to draw");
  return cell;
}

export function buildCellView(fleet: StackEvaluation[], root: string): Diagram {
  const cell = shownCell(fleet);
  const { cloud, stack } = cell;
  const diagram = new DiagramBuilder(
    "cell",
    [
      `storefront: one cell in full (${stack})`,
      "every cell has this shape; outside the primary the Aurora cluster is a reader (write forwarding where the cell turns it on), the primary-only jobs' schedules are disabled, and the home's master secret is read from its replica",
    ],
    "LR",
  );
  const region = diagram.group({ id: "region", label: cellTitle(cell, root), kind: "region" });

  // The network: VPC, tiers per AZ, NAT and endpoints.
  const vpc = cloud.one("awsx:ec2:Vpc");
  const zones: string[] = vpc.inputs.availabilityZoneNames ?? [];
  const flowLogs = cloud.ofType("aws:ec2/flowLog:FlowLog");
  const vpcGroup = diagram.group({
    id: "vpc",
    label: [
      `Amazon VPC ${vpc.inputs.cidrBlock}, ${zones.length} AZs${flowLogs.length > 0 ? ", flow logs to CloudWatch Logs" : ""}`,
    ],
    kind: "vpc",
    parent: region,
  });
  const specs = [...(vpc.inputs.subnetSpecs as SubnetSpec[])].sort(
    (a, b) => TIER_ORDER.indexOf(a.type) - TIER_ORDER.indexOf(b.type),
  );
  const tierIds = new Map<string, string>();
  for (const spec of specs) {
    const kind = spec.type.toLowerCase() as GroupKind;
    tierIds.set(
      spec.type,
      diagram.group({
        id: `tier-${spec.name}`,
        label: [`${spec.name} subnets`, ...zones.map((zone, i) => `${zone} ${spec.cidrBlocks[i]}`)],
        kind,
        parent: vpcGroup,
      }),
    );
  }
  const tierOf = (subnetIds: string[] | undefined): string => {
    for (const [type, id] of tierIds) {
      const ids: string[] = vpc.state[`${type.toLowerCase()}SubnetIds`] ?? [];
      if (subnetIds && subnetIds.length > 0 && subnetIds.every((s) => ids.includes(s))) return id;
    }
    return vpcGroup;
  };

  const lb = cloud.one("aws:lb/loadBalancer:LoadBalancer");
  diagram.node({
    id: "alb",
    label: albLabel(cloud),
    kind: "networking",
    group: tierOf(lb.inputs.subnets),
    sources: urnsOf(
      lb,
      ...cloud.ofType("aws:lb/listener:Listener"),
      ...cloud.ofType("aws:lb/listenerRule:ListenerRule"),
    ),
  });
  const nat = vpc.inputs.natGateways?.strategy;
  if (nat && nat !== "None") {
    diagram.node({
      id: "nat",
      label: ["NAT gateways", nat === "OnePerAz" ? `one per AZ (${zones.length})` : `${nat}`, "egress to the internet"],
      kind: "networking",
      group: tierIds.get("Public") ?? vpcGroup,
      sources: urnsOf(vpc),
    });
  }
  const endpoints = cloud.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").sort(byName);
  const servicesOf = (names: string[]) => names.map((n) => n.replace(/^com\.amazonaws\.[a-z0-9-]+\./, "")).join(", ");
  if (endpoints.length > 0) {
    diagram.node({
      id: "interface-endpoints",
      label: ["VPC interface endpoints", servicesOf(endpoints.map((e) => e.inputs.serviceName)), "HTTPS from the VPC"],
      kind: "networking",
      group: tierOf(endpoints[0].inputs.subnetIds),
      sources: urnsOf(...endpoints),
    });
  }
  const gateways = (vpc.inputs.vpcEndpointSpecs ?? []).filter((s: any) => s.vpcEndpointType === "Gateway");
  if (gateways.length > 0) {
    diagram.node({
      id: "gateway-endpoint",
      label: ["VPC gateway endpoint", servicesOf(gateways.map((g: any) => g.serviceName))],
      kind: "networking",
      group: vpcGroup,
      sources: urnsOf(vpc),
    });
  }

  // Workloads (in one ECS box) and data stores, placed in the tier their subnets belong to.
  const workloads = workloadsOf(cloud);
  const cluster = cloud.ofType("aws:ecs/cluster:Cluster")[0];
  const tasks = diagram.group({
    id: "ecs",
    label: ["Amazon ECS cluster, Fargate tasks"],
    kind: "services",
    parent: tierOf(workloads[0]?.subnetIds),
  });
  for (const workload of workloads) {
    diagram.node({
      id: workload.key,
      label: workloadLabel(workload).slice(1),
      kind: "compute",
      group: tasks,
      sources: urnsOf(workload.resource, workload.taskDefinition, cluster),
    });
  }
  const stores = dataStoresOf(cloud);
  const subnetGroups = [
    ...cloud.ofType("aws:rds/subnetGroup:SubnetGroup"),
    ...cloud.ofType("aws:elasticache/subnetGroup:SubnetGroup"),
  ];
  for (const store of stores) {
    const { inputs } = store.resource;
    const named = inputs.dbSubnetGroupName ?? inputs.subnetGroupName;
    const subnetIds = inputs.subnetIds ?? subnetGroups.find((g) => g.state.name === named)?.inputs.subnetIds;
    diagram.node({
      id: store.kind,
      label: storeLabel(cloud, store, cell.outputs.isPrimary === true),
      kind: store.kind === "broker" ? "integration" : "database",
      group: tierOf(subnetIds),
      sources: urnsOf(store.resource),
    });
  }

  // Traffic: CloudFront to the load balancer, the load balancer to the web tasks, tasks to stores.
  addIngress(diagram, fleet, cell, workloads);
  const paths = securityGroupPaths(cloud, workloads, stores);
  for (const store of [...new Set(paths.map((p) => p.store))]) {
    const toStore = paths.filter((p) => p.store === store);
    const uses = [
      ...new Set(toStore.map((p) => (store.kind === "database" ? databaseUse(p.client, store.resource) : ""))),
    ];
    diagram.edgesFrom(
      toStore.map((p) => p.client.key),
      tasks,
      {
        to: store.kind,
        label: [`SG path ${storeFlow(store.kind, toStore[0].port)}`, uses.length === 1 ? uses[0] : ""]
          .filter(Boolean)
          .join("\n"),
        flow: flowOf(store.kind),
      },
    );
  }

  const services = diagram.group({
    id: "regional",
    label: ["Regional services (outside the VPC)"],
    kind: "services",
    parent: region,
  });
  addRegionalServices(diagram, cell, workloads, services);
  addAlarms(diagram, fleet, cell, services);
  return diagram.build();
}

function addIngress(
  diagram: DiagramBuilder,
  fleet: StackEvaluation[],
  cell: StackEvaluation,
  workloads: Workload[],
): void {
  const { cloud } = cell;
  const edge = splitFleet(fleet).edge;
  const distribution = edge?.cloud.ofType("aws:cloudfront/distribution:Distribution")[0];
  const albGroups: string[] = cloud.one("aws:lb/loadBalancer:LoadBalancer").inputs.securityGroups ?? [];
  const fromPrefixList = cloud
    .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    .find((r) => albGroups.includes(r.inputs.securityGroupId) && r.inputs.prefixListId);
  if (distribution) {
    diagram.node({
      id: "cloudfront",
      label: ["Amazon CloudFront", `global stack ${edge!.stack}`, "adds X-Origin-Verify"],
      kind: "networking",
      sources: urnsOf(distribution),
    });
    // The names the listener rules accept: reads on origin.<domain>, writes on writer.<domain>.
    const hosts = [
      ...new Set(
        cloud
          .ofType("aws:lb/listenerRule:ListenerRule")
          // The conditions carry the origin secret's values, so they are recorded as a secret.
          .flatMap((r) => (reveal(r.inputs.conditions) as any[] | undefined) ?? [])
          .flatMap((c: any) => c.hostHeader?.values ?? []),
      ),
    ];
    diagram.edge({
      from: "cloudfront",
      to: "alb",
      label: fromPrefixList
        ? `HTTPS via ${hosts.join(" or ") || "origin.<domain>"}\nSG: CloudFront prefix list :${fromPrefixList.inputs.fromPort}-${fromPrefixList.inputs.toPort}`
        : "HTTPS",
      flow: "https",
    });
  }
  const targetGroups = cloud.ofType("aws:lb/targetGroup:TargetGroup");
  for (const workload of workloads) {
    for (const attachment of workload.resource.inputs.loadBalancers ?? []) {
      if (!targetGroups.some((t) => t.state.arn === attachment.targetGroupArn)) continue;
      const rule = workload.securityGroupIds
        .map((g) => albGroups.map((a) => ingressFrom(cloud, g, a)).find(Boolean))
        .find(Boolean);
      diagram.edge({
        from: "alb",
        to: workload.key,
        label: `target group, HTTP :${attachment.containerPort}${rule ? `\nSG path :${rule.inputs.fromPort}` : ""}`,
        flow: "https",
      });
    }
  }
  // Egress to the external systems goes through NAT.
  const calls = workloads.flatMap((workload) =>
    externalCallsOf(cloud, workload).map((call) => ({ ...call, workload })),
  );
  if (calls.length === 0 || !diagram.has("nat")) return;
  addExternalSystems(diagram, calls);
  for (const system of new Set(calls.map((c) => c.system))) {
    diagram.edge({ from: "nat", to: externalNode(system), label: "HTTPS", flow: "https" });
  }
  for (const workload of new Set(calls.map((c) => c.workload))) {
    diagram.edge({ from: workload.key, to: "nat", label: "HTTPS to external systems", flow: "https" });
  }
}

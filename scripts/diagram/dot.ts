/**
 * Writes a Diagram as Graphviz DOT. The output depends only on the diagram (its order
 * included): no timestamps, no ids of the mock, so regenerating gives identical text.
 */
import { Diagram, DiagramEdge, DiagramGroup, DiagramNode, Flow, GroupKind, NodeKind } from "./model";

/** Border and fill per node kind, after the AWS architecture icons' category colours. */
const NODE_STYLES: Record<NodeKind, { color: string; fill: string; style?: string }> = {
  actor: { color: "#232F3E", fill: "#FFFFFF" },
  networking: { color: "#8C4FFF", fill: "#F1EAFF" },
  security: { color: "#DD344C", fill: "#FCE8EB" },
  compute: { color: "#ED7100", fill: "#FDEEDF" },
  database: { color: "#2E27AD", fill: "#E8E7F7" },
  integration: { color: "#E7157B", fill: "#FCE6F1" },
  storage: { color: "#3F8624", fill: "#E9F3E3" },
  monitoring: { color: "#B0084D", fill: "#F7E4EC" },
  external: { color: "#545B64", fill: "#F2F3F3", style: "rounded,filled,dashed" },
};

const GROUP_STYLES: Record<GroupKind, { color: string; fill: string; style: string }> = {
  edge: { color: "#8C4FFF", fill: "#FBF8FF", style: "rounded,filled" },
  region: { color: "#147EBA", fill: "#F7FBFE", style: "rounded,filled,dashed" },
  vpc: { color: "#3F8624", fill: "#FFFFFF", style: "rounded" },
  public: { color: "#3F8624", fill: "#EEF6E9", style: "filled" },
  private: { color: "#147EBA", fill: "#E9F3FA", style: "filled" },
  isolated: { color: "#545B64", fill: "#F2F3F3", style: "filled" },
  services: { color: "#879196", fill: "#FFFFFF", style: "rounded,dashed" },
  global: { color: "#2E27AD", fill: "#F6F6FD", style: "rounded,filled" },
  outside: { color: "#545B64", fill: "#FFFFFF", style: "rounded,dashed" },
};

const EDGE_STYLES: Record<Flow, { color: string; style: string; penwidth?: number }> = {
  dns: { color: "#8C4FFF", style: "dashed" },
  https: { color: "#232F3E", style: "solid", penwidth: 1.4 },
  sql: { color: "#2E27AD", style: "solid" },
  cache: { color: "#2E27AD", style: "dashed" },
  amqp: { color: "#E7157B", style: "solid" },
  replication: { color: "#3F8624", style: "bold,dashed", penwidth: 2 },
  alarm: { color: "#B0084D", style: "dotted", penwidth: 1.4 },
  control: { color: "#545B64", style: "dashed" },
  secret: { color: "#DD344C", style: "dotted" },
};

/** A DOT quoted string; lines joined with centred line breaks. */
function quote(text: string | string[]): string {
  const lines = Array.isArray(text) ? text : text.split("\n");
  return `"${lines.map((line) => line.replace(/\\/g, "\\\\").replace(/"/g, '\\"')).join("\\n")}"`;
}

function attributes(values: Record<string, string | string[] | number | undefined>): string {
  const set = Object.entries(values).filter(
    (entry): entry is [string, string | string[] | number] => entry[1] !== undefined,
  );
  return `[${set.map(([key, value]) => `${key}=${typeof value === "number" ? value : quote(value)}`).join(", ")}]`;
}

const SUBNET_TIERS: GroupKind[] = ["public", "private", "isolated"];

const clusterId = (group: string) => `cluster_${group}`;

function writeNode(node: DiagramNode, indent: string): string {
  const style = NODE_STYLES[node.kind];
  return `${indent}${quote(node.id)} ${attributes({
    label: node.label,
    color: style.color,
    fillcolor: style.fill,
    style: style.style ?? "rounded,filled",
  })};`;
}

function writeGroup(diagram: Diagram, group: DiagramGroup, indent: string): string[] {
  const style = GROUP_STYLES[group.kind];
  const inner = `${indent}  `;
  return [
    `${indent}subgraph ${quote(clusterId(group.id))} {`,
    `${inner}graph ${attributes({
      label: group.label,
      color: style.color,
      fillcolor: style.fill,
      style: style.style,
      fontsize: group.parent ? 11 : 13,
      // Subnet tiers name their AZs under their nodes, clear of the edges leaving the box.
      labelloc: SUBNET_TIERS.includes(group.kind) ? "b" : undefined,
    })};`,
    ...diagram.nodes.filter((n) => n.group === group.id).map((n) => writeNode(n, inner)),
    ...diagram.groups.filter((g) => g.parent === group.id).flatMap((g) => writeGroup(diagram, g, inner)),
    `${indent}}`,
  ];
}

function writeEdge(edge: DiagramEdge): string {
  const style = EDGE_STYLES[edge.flow];
  // An upward edge is laid out from its head, so the layout keeps its rank order; the arrow still points at `to`.
  const [tail, head] = edge.upward ? [edge.to, edge.from] : [edge.from, edge.to];
  const dir = edge.both ? "both" : edge.upward ? "back" : undefined;
  return `  ${quote(tail)} -> ${quote(head)} ${attributes({
    label: edge.label,
    color: style.color,
    fontcolor: style.color,
    style: style.style,
    penwidth: style.penwidth,
    dir,
    constraint: edge.loose ? "false" : undefined,
    ltail: edge.fromGroup && !edge.upward ? clusterId(edge.fromGroup) : undefined,
    lhead: edge.toGroup && !edge.upward ? clusterId(edge.toGroup) : undefined,
  })};`;
}

export function toDot(diagram: Diagram): string {
  return [
    `digraph ${quote(diagram.name)} {`,
    `  graph ${attributes({
      label: diagram.title,
      labelloc: "t",
      fontname: "Helvetica",
      fontsize: 16,
      rankdir: diagram.direction,
      compound: "true",
      nodesep: 0.35,
      ranksep: 0.55,
    })};`,
    `  node ${attributes({ shape: "box", fontname: "Helvetica", fontsize: 10, margin: "0.22,0.08" })};`,
    `  edge ${attributes({ fontname: "Helvetica", fontsize: 9, arrowsize: 0.7 })};`,
    ...diagram.nodes.filter((n) => !n.group).map((n) => writeNode(n, "  ")),
    ...diagram.groups.filter((g) => !g.parent).flatMap((g) => writeGroup(diagram, g, "  ")),
    ...diagram.edges.map(writeEdge),
    "}",
    "",
  ].join("\n");
}

/**
 * The diagram as data: boxes (groups), nodes and edges, each node naming the recorded
 * resources it stands for. The views build it from an offline evaluation; dot.ts writes it
 * as Graphviz source. Keeping the model apart from the DOT text lets the specs check what is
 * drawn (and why) without parsing DOT.
 */

/** What a node is, which decides its colour: the AWS architecture-icon categories, roughly. */
export type NodeKind =
  | "actor"
  | "networking"
  | "security"
  | "compute"
  | "database"
  | "integration"
  | "storage"
  | "monitoring"
  | "external";

/** What an edge carries, which decides its line style. */
export type Flow = "dns" | "https" | "sql" | "cache" | "amqp" | "replication" | "alarm" | "control" | "secret";

export type GroupKind =
  | "edge"
  | "region"
  | "vpc"
  | "public"
  | "private"
  | "isolated"
  | "services"
  | "global"
  | "outside";

export interface DiagramGroup {
  id: string;
  /** Lines of the box's title. */
  label: string[];
  kind: GroupKind;
  /** The enclosing box, if any. */
  parent?: string;
}

export interface DiagramNode {
  id: string;
  /** Lines of the node's text: the AWS service name first, then what it is here. */
  label: string[];
  kind: NodeKind;
  /** The box the node sits in, if any. */
  group?: string;
  /**
   * URNs of the recorded resources this node stands for. Empty only for what the program
   * does not create (shoppers, the external systems), which `outside` marks.
   */
  sources: string[];
  /** True for what lies outside AWS and the program: shoppers, external systems. */
  outside?: boolean;
}

export interface DiagramEdge {
  from: string;
  to: string;
  label: string;
  flow: Flow;
  /** Both directions (replication each way). */
  both?: boolean;
  /** Drawn against the layout's direction (an alarm feeding a health check above it). */
  upward?: boolean;
  /** Leave the edge out of the layout's ranking (two things drawn side by side). */
  loose?: boolean;
  /** Draw the edge from the border of this box (which must contain `from`). */
  fromGroup?: string;
  /** Draw the edge to the border of this box (which must contain `to`). */
  toGroup?: string;
}

export interface Diagram {
  /** File name without extension, and the DOT graph's name. */
  name: string;
  /** Lines of the caption. */
  title: string[];
  direction: "TB" | "LR";
  groups: DiagramGroup[];
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

/** Collects groups, nodes and edges, refusing duplicates and dangling references. */
export class DiagramBuilder {
  private readonly groups = new Map<string, DiagramGroup>();
  private readonly nodes = new Map<string, DiagramNode>();
  private readonly edges: DiagramEdge[] = [];

  constructor(
    private readonly name: string,
    private readonly title: string[],
    private readonly direction: "TB" | "LR" = "LR",
  ) {}

  group(group: DiagramGroup): string {
    if (this.groups.has(group.id)) throw new Error(`diagram ${this.name}: group ${group.id} added twice`);
    if (group.parent && !this.groups.has(group.parent)) {
      throw new Error(`diagram ${this.name}: group ${group.id} is in unknown group ${group.parent}`);
    }
    this.groups.set(group.id, group);
    return group.id;
  }

  node(node: DiagramNode): string {
    if (this.nodes.has(node.id)) throw new Error(`diagram ${this.name}: node ${node.id} added twice`);
    if (node.group && !this.groups.has(node.group)) {
      throw new Error(`diagram ${this.name}: node ${node.id} is in unknown group ${node.group}`);
    }
    if (node.sources.length === 0 && !node.outside) {
      throw new Error(`diagram ${this.name}: node ${node.id} stands for no recorded resource`);
    }
    this.nodes.set(node.id, node);
    return node.id;
  }

  /**
   * Edges from `clients` to one node: a single edge from the border of `box` when the
   * clients are all of the box's nodes (its label then says so), else one edge per client.
   */
  edgesFrom(clients: string[], box: string, edge: Omit<DiagramEdge, "from" | "fromGroup">, every = "every task"): void {
    const members = [...this.nodes.values()].filter((n) => n.group === box).map((n) => n.id);
    const all = clients.length > 1 && members.length === clients.length && members.every((m) => clients.includes(m));
    if (all) {
      this.edge({ ...edge, from: members[0], fromGroup: box, label: [every, edge.label].filter(Boolean).join(": ") });
    } else {
      for (const from of clients) this.edge({ ...edge, from });
    }
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  edge(edge: DiagramEdge): void {
    for (const end of [edge.from, edge.to]) {
      if (!this.nodes.has(end))
        throw new Error(`diagram ${this.name}: edge ${edge.from} -> ${edge.to} ends at unknown node ${end}`);
    }
    this.edges.push(edge);
  }

  build(): Diagram {
    return {
      name: this.name,
      title: this.title,
      direction: this.direction,
      groups: [...this.groups.values()],
      nodes: [...this.nodes.values()],
      edges: [...this.edges],
    };
  }
}

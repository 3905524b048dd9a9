/**
 * VPC networking: flow logs and a closed default security group per VPC, and no security
 * group open to the internet except a load balancer's listener ports. A VPC is either an
 * aws.ec2.Vpc or an awsx.ec2.Vpc (whose `vpcId` output names the VPC it creates).
 */
import type { PolicyResource } from "@pulumi/policy";
import { list, ofType, referredTo, T } from "./props";
import { GuardrailStackPolicy } from "./types";

/** Every VPC of the stack, once: an awsx Vpc stands for the ec2 Vpc it creates as its child. */
function vpcsOf(resources: PolicyResource[]): PolicyResource[] {
  const components = ofType(resources, T.awsxVpc);
  const own = ofType(resources, T.vpc).filter((vpc) => !components.some((c) => c.urn === vpc.parent?.urn));
  return [...components, ...own];
}

/** The ids a VPC is referred to by: an awsx Vpc's `vpcId` output, an ec2 Vpc's id. */
const vpcIds = (vpc: PolicyResource) => new Set([vpc.type === T.awsxVpc ? vpc.props.vpcId : vpc.props.id]);

/** The VPC a companion's `vpcId` input names, see referredTo. */
const vpcOf = (companion: PolicyResource, vpcs: PolicyResource[]) => referredTo(companion, "vpcId", vpcs, vpcIds);

export const vpcFlowLogs: GuardrailStackPolicy = {
  name: "vpc-flow-logs",
  description: "Every VPC has a flow log. Add an ec2.FlowLog with its vpcId.",
  controls: ["EC2.6", "AS-VPC7"],
  enforcementLevel: "mandatory",
  missing: "a VPC without a FlowLog: fires.",
  resourceTypes: [T.vpc, T.awsxVpc, T.flowLog],
  validateStack({ resources }, report) {
    const vpcs = vpcsOf(resources);
    const logged = new Set(ofType(resources, T.flowLog).map((log) => vpcOf(log, vpcs)));
    for (const vpc of vpcs) {
      if (!logged.has(vpc)) report(`VPC ${vpc.name} has no flow log: add an ec2.FlowLog for it`, vpc.urn);
    }
  },
};

export const defaultSecurityGroupClosed: GuardrailStackPolicy = {
  name: "vpc-default-security-group-closed",
  description:
    "Every VPC's default security group is adopted by an ec2.DefaultSecurityGroup with no ingress and no egress rules, so nothing can use it.",
  controls: ["EC2.2"],
  enforcementLevel: "mandatory",
  missing:
    "without a DefaultSecurityGroup the VPC keeps AWS's default rules (all traffic within the group): fires. Unset ingress/egress on the resource removes every rule: passes.",
  resourceTypes: [T.vpc, T.awsxVpc, T.defaultSecurityGroup],
  validateStack({ resources }, report) {
    const groups = ofType(resources, T.defaultSecurityGroup);
    for (const group of groups) {
      if (list(group.props.ingress).length > 0 || list(group.props.egress).length > 0) {
        report("the default security group has rules: remove its ingress and egress", group.urn);
      }
    }
    const vpcs = vpcsOf(resources);
    const adopted = new Set(groups.map((group) => vpcOf(group, vpcs)));
    for (const vpc of vpcs) {
      if (!adopted.has(vpc)) {
        report(
          `VPC ${vpc.name}'s default security group keeps AWS's rules: adopt it with an ec2.DefaultSecurityGroup`,
          vpc.urn,
        );
      }
    }
  },
};

const ANYWHERE = ["0.0.0.0/0", "::/0"];

interface OpenIngress {
  groupId: string;
  fromPort: number;
  toPort: number;
  resource: PolicyResource;
}

/** Every ingress rule open to any address, from inline rules, SecurityGroupRule and SecurityGroupIngressRule. */
function openIngress(resources: PolicyResource[]): OpenIngress[] {
  const found: OpenIngress[] = [];
  const allPorts = (protocol: unknown) => protocol === "-1" || protocol === -1 || protocol === "all";
  const add = (groupId: string, rule: any, resource: PolicyResource) =>
    found.push({
      groupId,
      fromPort: allPorts(rule.protocol ?? rule.ipProtocol) ? 0 : (rule.fromPort ?? 0),
      toPort: allPorts(rule.protocol ?? rule.ipProtocol) ? 65535 : (rule.toPort ?? 65535),
      resource,
    });
  for (const group of ofType(resources, T.securityGroup)) {
    for (const rule of list(group.props.ingress)) {
      if ([...list(rule.cidrBlocks), ...list(rule.ipv6CidrBlocks)].some((cidr) => ANYWHERE.includes(cidr))) {
        add(group.props.id, rule, group);
      }
    }
  }
  for (const rule of ofType(resources, T.securityGroupRule)) {
    const cidrs = [...list(rule.props.cidrBlocks), ...list(rule.props.ipv6CidrBlocks)];
    if (rule.props.type === "ingress" && cidrs.some((cidr) => ANYWHERE.includes(cidr))) {
      add(rule.props.securityGroupId, rule.props, rule);
    }
  }
  for (const rule of ofType(resources, T.ingressRule)) {
    if (ANYWHERE.includes(rule.props.cidrIpv4) || ANYWHERE.includes(rule.props.cidrIpv6)) {
      add(rule.props.securityGroupId, rule.props, rule);
    }
  }
  return found;
}

/** The only ports the internet may reach, and only on a load balancer listening there (EC2.18 authorises 80 and 443). */
export const WEB_PORTS: readonly number[] = [80, 443];

/** For each security group a load balancer uses, the web ports its listeners serve. */
function listenerPortsByGroup(resources: PolicyResource[]): Map<string, Set<number>> {
  const ports = new Map<string, Set<number>>();
  const listeners = ofType(resources, T.listener);
  const lbs = ofType(resources, T.loadBalancer);
  for (const lb of lbs) {
    const served = listeners
      .filter((l) => referredTo(l, "loadBalancerArn", lbs) === lb)
      .map((l) => l.props.port as number)
      .filter((port) => WEB_PORTS.includes(port));
    for (const group of list<string>(lb.props.securityGroups)) {
      ports.set(group, new Set([...(ports.get(group) ?? []), ...served]));
    }
  }
  return ports;
}

export const noOpenIngress: GuardrailStackPolicy = {
  name: "security-group-no-open-ingress",
  description:
    "No security group admits 0.0.0.0/0 or ::/0, except a load balancer's group on ports 80 and 443 where its listeners serve them. Narrow the source (a prefix list or a security group).",
  controls: ["EC2.18"],
  enforcementLevel: "mandatory",
  missing: "a rule without ports (protocol -1) opens every port: fires, since only 80 and 443 may be open.",
  resourceTypes: [T.securityGroup, T.securityGroupRule, T.ingressRule, T.loadBalancer, T.listener],
  validateStack({ resources }, report) {
    const listenerPorts = listenerPortsByGroup(resources);
    for (const rule of openIngress(resources)) {
      const allowed = listenerPorts.get(rule.groupId) ?? new Set<number>();
      const portsOpen = rule.toPort - rule.fromPort + 1;
      const onlyListenerPorts =
        portsOpen <= allowed.size && [...Array(portsOpen).keys()].every((i) => allowed.has(rule.fromPort + i));
      if (!onlyListenerPorts) {
        report(
          `${rule.resource.name} admits the internet on ports ${rule.fromPort}-${rule.toPort} of ${rule.groupId}` +
            (allowed.size > 0
              ? ` (only ${[...allowed].join(", ")} may be open: web ports its load balancer listens on)`
              : " (not a load balancer's group)"),
          rule.resource.urn,
        );
      }
    }
  },
};

export const ec2Policies = [vpcFlowLogs, defaultSecurityGroupClosed, noOpenIngress];

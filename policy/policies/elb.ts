/** Application Load Balancers and their listeners: hardening, logs, zones and TLS. */
import { flag, isSet, list, ofType, referredTo, T } from "./props";
import { GuardrailResourcePolicy, GuardrailStackPolicy } from "./types";

/** ELB security policies that offer only TLS 1.2 and 1.3 (ELB.17/18): the TLS13 family and the TLS-1-2 ones. */
export const TLS12_OR_LATER_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)/;

/** An action that sends a plain-HTTP request to HTTPS and nowhere else. */
function redirectsToHttps(action: any): boolean {
  return action.type === "redirect" && action.redirect?.protocol === "HTTPS";
}

export const albHardening: GuardrailResourcePolicy = {
  name: "elb-alb-hardening",
  description:
    'Application Load Balancers drop invalid headers, resist deletion and mitigate request desync. Set dropInvalidHeaderFields: true, enableDeletionProtection: true and desyncMitigationMode "defensive" or "strictest".',
  controls: ["ELB.4", "ELB.6", "ELB.12"],
  enforcementLevel: "mandatory",
  missing:
    'dropInvalidHeaderFields and enableDeletionProtection default to false: fire; desyncMitigationMode defaults to "defensive": passes.',
  resourceTypes: [T.loadBalancer],
  validateResource({ props }, report) {
    if ((props.loadBalancerType ?? "application") !== "application") return;
    if (!flag(props, "dropInvalidHeaderFields", false))
      report("invalid headers are forwarded: set dropInvalidHeaderFields: true");
    if (!flag(props, "enableDeletionProtection", false)) {
      report("deletion protection is off: set enableDeletionProtection: true");
    }
    const desync = props.desyncMitigationMode ?? "defensive";
    if (!["defensive", "strictest"].includes(desync)) {
      report(`desync mitigation is "${desync}": set desyncMitigationMode to "defensive" or "strictest"`);
    }
  },
};

export const albLogsAndZones: GuardrailResourcePolicy = {
  name: "elb-access-logs-multi-az",
  description:
    "Load balancers write access logs to S3 and span at least two subnets (Availability Zones). Set accessLogs { bucket, enabled: true } and two or more subnets.",
  controls: ["ELB.5", "AS-ELB2", "ELB.13"],
  enforcementLevel: "mandatory",
  missing: "accessLogs defaults to off: fires; fewer than two subnets or subnet mappings fire.",
  resourceTypes: [T.loadBalancer],
  validateResource({ props }, report) {
    const logs = props.accessLogs ?? {};
    if (!flag(logs, "enabled", false) || !isSet(logs.bucket)) {
      report("access logs are off: set accessLogs: { bucket, enabled: true }");
    }
    const subnets = Math.max(list(props.subnets).length, list(props.subnetMappings).length);
    if (subnets < 2) report(`the load balancer spans ${subnets} subnet(s): give it subnets in at least two zones`);
  },
};

export const listenerTls: GuardrailResourcePolicy = {
  name: "elb-listener-tls",
  description:
    "Listeners serve HTTPS with a TLS 1.2/1.3-only security policy (ELBSecurityPolicy-TLS13-1-2-2021-06 or newer), or are plain HTTP listeners that only redirect to HTTPS.",
  controls: ["ELB.17", "ELB.18"],
  enforcementLevel: "mandatory",
  missing: "protocol defaults to HTTP and sslPolicy to ELBSecurityPolicy-2016-08 (TLS 1.0): both fire.",
  resourceTypes: [T.listener],
  validateResource({ props }, report) {
    const protocol = props.protocol ?? "HTTP";
    if (protocol === "HTTPS" || protocol === "TLS") {
      const policy = props.sslPolicy ?? "ELBSecurityPolicy-2016-08";
      if (!TLS12_OR_LATER_POLICY.test(policy)) {
        report(
          `the listener allows TLS older than 1.2 (${policy}): set sslPolicy to ELBSecurityPolicy-TLS13-1-2-2021-06`,
        );
      }
    } else if (!list(props.defaultActions).every(redirectsToHttps) || list(props.defaultActions).length === 0) {
      report(
        `the ${protocol} listener on port ${props.port} serves traffic unencrypted: make it HTTPS or redirect to HTTPS`,
      );
    }
  },
};

export const httpOnlyRedirects: GuardrailStackPolicy = {
  name: "elb-http-only-redirects",
  description:
    "Every port-80 listener only redirects to HTTPS: its default action redirects and no listener rule on it forwards or answers. Remove the rule or move it to the HTTPS listener.",
  controls: ["ELB.1"],
  enforcementLevel: "mandatory",
  missing: "a listener without a port is not on port 80; a rule without actions does not forward (passes).",
  resourceTypes: [T.listener, T.listenerRule],
  validateStack({ resources }, report) {
    const rules = ofType(resources, T.listenerRule);
    const listeners = ofType(resources, T.listener);
    for (const listener of listeners) {
      if (listener.props.port !== 80) continue;
      if (
        list(listener.props.defaultActions).length === 0 ||
        !list(listener.props.defaultActions).every(redirectsToHttps)
      ) {
        report(
          "the port-80 listener does not only redirect to HTTPS: make its default action a redirect",
          listener.urn,
        );
      }
      for (const rule of rules.filter((r) => referredTo(r, "listenerArn", listeners) === listener)) {
        if (!list(rule.props.actions).every(redirectsToHttps)) {
          report(`listener rule ${rule.name} serves plain HTTP on port 80: move it to the HTTPS listener`, rule.urn);
        }
      }
    }
  },
};

export const elbPolicies = [albHardening, albLogsAndZones, listenerTls, httpOnlyRedirects];

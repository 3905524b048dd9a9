/** Route 53 hosted zones and ACM certificates. */
import type { PolicyResource } from "@pulumi/policy";
import { identifiers, isSet, ofType, referredTo, T } from "./props";
import { GuardrailResourcePolicy, GuardrailStackPolicy } from "./types";

/** Key algorithms ACM.2 accepts: RSA of at least 2048 bits, or ECDSA. */
export const STRONG_KEY_ALGORITHMS = [
  "RSA_2048",
  "RSA_3072",
  "RSA_4096",
  "EC_prime256v1",
  "EC_secp384r1",
  "EC_secp521r1",
];

export const zoneQueryLogging: GuardrailStackPolicy = {
  name: "route53-query-logging",
  description: "Every public hosted zone the stack creates logs DNS queries. Add a route53.QueryLog for it.",
  controls: ["Route53.2"],
  enforcementLevel: "advisory",
  missing:
    "a zone without a QueryLog: listed. Private zones (with vpcs) are skipped; zones looked up, not created, are not stack resources.",
  resourceTypes: [T.hostedZone, T.queryLog],
  validateStack({ resources }, report) {
    const zones = ofType(resources, T.hostedZone);
    const idsOf = (zone: PolicyResource) => identifiers(zone, ["zoneId", "arn"]);
    const logged = new Set(ofType(resources, T.queryLog).map((log) => referredTo(log, "zoneId", zones, idsOf)));
    for (const zone of zones) {
      if (Array.isArray(zone.props.vpcs) && zone.props.vpcs.length > 0) continue;
      if (!logged.has(zone)) report(`zone ${zone.props.name} logs no queries: add a QueryLog`, zone.urn);
    }
  },
};

export const certificateKeyAlgorithm: GuardrailResourcePolicy = {
  name: "acm-key-algorithm",
  description: `ACM certificates use RSA of at least 2048 bits or ECDSA. Set keyAlgorithm to one of ${STRONG_KEY_ALGORITHMS.join(", ")}.`,
  controls: ["ACM.2"],
  enforcementLevel: "advisory",
  missing: "keyAlgorithm defaults to RSA_2048: passes. Imported certificates (privateKey given) are skipped.",
  resourceTypes: [T.certificate],
  validateResource({ props }, report) {
    if (isSet(props.privateKey)) return;
    const algorithm = props.keyAlgorithm ?? "RSA_2048";
    if (!STRONG_KEY_ALGORITHMS.includes(algorithm))
      report(`the certificate key is ${algorithm}: use RSA_2048 or stronger, or ECDSA`);
  },
};

export const dnsPolicies = [zoneQueryLogging, certificateKeyAlgorithm];

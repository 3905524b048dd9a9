// The storefront guardrails as a CrossGuard policy pack. The policies live in ./policies (plain
// data the specs call offline); this file only serves them. Controls: docs/policy-pack.md.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, packPolicies } from "./policies";

new PolicyPack(PACK_NAME, { policies: packPolicies() });

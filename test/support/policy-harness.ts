/**
 * The policy pack run offline as the CrossGuard server runs it (see offline/policy-harness.ts),
 * for the specs.
 */
export * from "../../offline/policy-harness";

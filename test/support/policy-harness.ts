/**
 * The policy pack run offline as the CrossGuard server runs it, with the differences
 * offline/policy-harness.ts states (inputs before provider defaults), for the specs.
 */
export * from "../../offline/policy-harness";

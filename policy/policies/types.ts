/**
 * The shape of a guardrail: plain data (name, what to change, the controls it enforces, its
 * level, what it does with a value the provider defaults) plus the check itself. The pack's
 * entry file only hands these to a PolicyPack; the specs call the same checks offline.
 *
 * Values reach a check as the engine delivers them. A value that is unknown during a preview
 * (it depends on a resource not created yet) throws when read: the engine then reports the
 * policy as "can't run during preview" and runs it again, with the real value, at `pulumi up`,
 * where a mandatory violation stops the deployment. No check catches that error, so no check
 * passes because a value was unknown.
 */
import type { PolicyConfigSchema, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";

/** Mandatory controls stop a preview or deployment; advisory ones are listed. */
export type GuardrailLevel = "mandatory" | "advisory";

export interface GuardrailBase {
  /** Unique, kebab-case: what `pulumi` prints next to a violation. */
  name: string;
  /** What the policy requires and what to change when it fires. */
  description: string;
  /** Security Hub FSBP, cdk-nag (AS-) or Well-Architected ids this policy enforces. */
  controls: string[];
  enforcementLevel: GuardrailLevel;
  /** What happens when an input is not set and the provider's default applies. */
  missing: string;
  /** Settings a stack's policy config may give the policy. */
  configSchema?: PolicyConfigSchema;
}

/** A check of one resource at a time, on the inputs the program gives it. */
export interface GuardrailResourcePolicy extends GuardrailBase {
  /** The resource types it checks; others are skipped. */
  resourceTypes: string[];
  validateResource(args: ResourceValidationArgs, reportViolation: ReportViolation): void;
}

/** A check across the resources of a stack (their outputs), for controls that span resources. */
export interface GuardrailStackPolicy extends GuardrailBase {
  /** The resource types it reads, for the documentation and the specs. */
  resourceTypes: string[];
  validateStack(args: StackValidationArgs, reportViolation: ReportViolation): void;
}

export type Guardrail = GuardrailResourcePolicy | GuardrailStackPolicy;

export function isStackGuardrail(policy: Guardrail): policy is GuardrailStackPolicy {
  return "validateStack" in policy;
}

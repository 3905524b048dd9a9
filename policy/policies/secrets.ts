/** Secrets Manager: secrets rotate, or a service manages them. */
import { ofType, referredTo, T } from "./props";
import { GuardrailStackPolicy } from "./types";

export const secretRotation: GuardrailStackPolicy = {
  name: "secretsmanager-rotation",
  description:
    "Every secret has a SecretRotation (or is created and rotated by the owning service, e.g. RDS-managed master passwords, which are not stack resources). Add a rotation Lambda or let the service manage the secret.",
  controls: ["SecretsManager.1"],
  enforcementLevel: "advisory",
  missing: "a secret without a SecretRotation: listed.",
  resourceTypes: [T.secret, T.secretRotation],
  validateStack({ resources }, report) {
    const secrets = ofType(resources, T.secret);
    const rotated = new Set(ofType(resources, T.secretRotation).map((r) => referredTo(r, "secretId", secrets)));
    for (const secret of secrets) {
      if (!rotated.has(secret)) report(`secret ${secret.name} never rotates: add a SecretRotation`, secret.urn);
    }
  },
};

export const secretPolicies = [secretRotation];

/** KMS keys: every customer-managed key rotates and waits 30 days before deletion. */
import { ofType, T } from "./props";
import { GuardrailStackPolicy } from "./types";

export const keyRotation: GuardrailStackPolicy = {
  name: "kms-key-rotation",
  description:
    "Every symmetric KMS key rotates its material and keeps the longest deletion window. Set enableKeyRotation: true and deletionWindowInDays: 30.",
  controls: ["KMS.4", "AS-KMS5", "KMS.3"],
  enforcementLevel: "mandatory",
  missing:
    "enableKeyRotation defaults to false: fires; deletionWindowInDays defaults to 30: passes. Asymmetric and HMAC keys cannot rotate and are skipped.",
  resourceTypes: [T.kmsKey],
  validateStack({ resources }, report) {
    for (const key of ofType(resources, T.kmsKey)) {
      const spec = key.props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
      if (spec === "SYMMETRIC_DEFAULT" && key.props.enableKeyRotation !== true) {
        report(`key ${key.name} does not rotate: set enableKeyRotation: true`, key.urn);
      }
      const window = key.props.deletionWindowInDays ?? 30;
      if (window !== 30)
        report(`key ${key.name} can be deleted after ${window} days: set deletionWindowInDays: 30`, key.urn);
    }
  },
};

export const kmsPolicies = [keyRotation];

/**
 * Example values the repository ships with so that it plans out of the box, and that must
 * be replaced before a real deploy: the example domain and hosted zone, e-mail addresses and
 * external-system URLs at the example domains, sample container images. A deploy with them
 * would ask ACM to validate a certificate for a domain nobody owns and page nobody.
 * `npm run plan -- --deploy-check` lists every one with its file and key.
 */
import * as path from "node:path";
import { listStacks, PROJECT_ROOT, readYamlFile } from "./files";

/** One value to replace: where it is and why it is an example. */
export interface Placeholder {
  file: string;
  key: string;
  value: string;
  reason: string;
}

/** Repository of the sample images the stack files ship with. */
export const SAMPLE_IMAGE_PREFIX = "public.ecr.aws/storefront/";

/** Domains reserved for documentation (RFC 2606): nobody can own them. */
const EXAMPLE_DOMAIN = /(^|[.@/])example\.(com|net|org)(\b|$)/i;

/** Why a value is an example, or undefined when it is not. */
export function placeholderReason(key: string, value: string): string | undefined {
  if (/EXAMPLE/.test(value) && /hostedZoneId$|Arn$/i.test(key)) return "an example id";
  if (value.startsWith(SAMPLE_IMAGE_PREFIX)) return "a sample image: push your own and pin its tag or digest";
  if (!EXAMPLE_DOMAIN.test(value)) return undefined;
  if (value.includes("@")) return "an e-mail address at an example domain: nobody reads it";
  if (/^https?:\/\//.test(value)) return "a URL at an example domain";
  return "the example domain: use a domain you own, whose hosted zone is hostedZoneId";
}

function walk(file: string, key: string, value: unknown, found: Placeholder[]): void {
  if (typeof value === "string") {
    const reason = placeholderReason(key, value);
    if (reason) found.push({ file, key, value, reason });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => walk(file, `${key}[${i}]`, item, found));
  } else if (value !== null && typeof value === "object") {
    for (const [field, item] of Object.entries(value)) walk(file, `${key}.${field}`, item, found);
  }
}

/** Every example value in Pulumi.yaml (its config defaults) and the stack files of `root`. */
export function findPlaceholders(root = PROJECT_ROOT): Placeholder[] {
  const found: Placeholder[] = [];
  const project = readYamlFile(path.join(root, "Pulumi.yaml")) as { config?: Record<string, unknown> };
  for (const [key, declared] of Object.entries(project.config ?? {})) {
    const entry = declared as Record<string, unknown> | null;
    const value =
      entry && typeof entry === "object" && !Array.isArray(entry) ? (entry.value ?? entry.default) : declared;
    walk("Pulumi.yaml", key, value, found);
  }
  for (const stack of listStacks(root)) {
    const file = `Pulumi.${stack}.yaml`;
    const config = (readYamlFile(path.join(root, file)) as { config?: Record<string, unknown> } | null)?.config ?? {};
    for (const [key, value] of Object.entries(config)) walk(file, key, value, found);
  }
  return found;
}

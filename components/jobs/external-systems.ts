import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkHttpsUrl, checkSecretName, checkSystemName } from "../../config/background";
import { TaskSecret } from "../data/client-access";

/** An external catalog system the sync job talks to. */
export interface ExternalSystem {
  /** Short name (`checkSystemName`); it names the job's variables (`EXTERNAL_<NAME>_*`). */
  name: string;
  /** Where the system's API lives; `https://` only, without credentials in it. */
  baseUrl: string;
  /** Name of the Secrets Manager secret that holds the system's credentials. */
  secretName: string;
}

export interface ExternalSystemsArgs {
  /** The systems (a plain list: it decides how many secrets exist). */
  systems: ExternalSystem[];
  /** The cell key; every secret is encrypted with it. */
  kmsKeyId: pulumi.Input<string>;
}

/** What a job receives for the external systems it uses. */
export interface ExternalSystemAccess {
  /** Plain environment: `EXTERNAL_<NAME>_URL` = base URL. */
  environment: Record<string, string>;
  /** ECS secrets: `EXTERNAL_<NAME>_CREDENTIALS` = the secret's ARN (the whole secret string). */
  secrets: TaskSecret[];
  /** The secrets behind `secrets` (a plain list), for the job's execution role. */
  secretArns: pulumi.Output<string>[];
}

/** The variable names one external system gives the sync job. */
export interface ExternalSystemVariables {
  /** Plain environment: the system's base URL. */
  url: string;
  /** ECS secret: the whole secret string (the credentials, in whatever shape the system needs). */
  credentials: string;
}

/**
 * `EXTERNAL_<NAME>_URL` and `EXTERNAL_<NAME>_CREDENTIALS`, `<NAME>` being the system's
 * name upper-cased with `-` as `_`. System names have no `_`, so distinct names always
 * give distinct variables.
 */
export function externalSystemVariables(systemName: string): ExternalSystemVariables {
  const problem = checkSystemName(systemName);
  if (problem) throw new Error(`external system name ${JSON.stringify(systemName)} ${problem}`);
  const stem = `EXTERNAL_${systemName.toUpperCase().replace(/-/g, "_")}`;
  return { url: `${stem}_URL`, credentials: `${stem}_CREDENTIALS` };
}

/**
 * What is wrong with a list of external systems, one sentence per problem (empty when
 * nothing is): name shape, `https://` base URLs without embedded credentials (the URL is
 * plain environment, visible in the task definition), unique names and secret names.
 */
export function externalSystemProblems(systems: ExternalSystem[]): string[] {
  const problems: string[] = [];
  for (const system of systems) {
    const label = `external system ${JSON.stringify(system.name)}`;
    const name = checkSystemName(system.name);
    if (name) problems.push(`${label}: name ${name}`);
    const urlProblem = checkHttpsUrl(system.baseUrl);
    if (urlProblem) problems.push(`${label}: baseUrl ${JSON.stringify(system.baseUrl)} ${urlProblem}`);
    const secretProblem = checkSecretName(system.secretName);
    if (secretProblem) problems.push(`${label}: secretName ${JSON.stringify(system.secretName)} ${secretProblem}`);
  }
  for (const field of ["name", "secretName"] as const) {
    const values = systems.map((system) => system[field]);
    const repeated = [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
    if (repeated.length > 0) problems.push(`external systems repeat a ${field}: ${repeated.join(", ")}`);
  }
  return problems;
}

/**
 * One Secrets Manager secret per external catalog system, encrypted with the cell key,
 * created empty: operators put the credentials in once per cell
 * (`aws secretsmanager put-secret-value --secret-id <name> --secret-string ...`), so they
 * never pass through config, state or the deployment log. The sync job receives each
 * system's base URL as plain environment and its credentials as an ECS secret.
 *
 * The secrets are protected: deleting one throws away the operator's value, so a renamed
 * or removed system stops `pulumi up` until an operator has copied the value and
 * unprotected the old secret (docs/operations.md, "External systems' credentials"). They are not
 * `deleteBeforeReplace`: the name is the only input that replaces a secret, so a
 * replacement always has a new name and can exist beside the old one; deleting first would
 * gain nothing, since a deleted secret keeps its name reserved for its recovery window.
 *
 * No rotation (SecretsManager.1, advisory): the external systems issue these credentials,
 * and only their owners can rotate them.
 *
 * Cost: $0.40/month per secret, plus $0.05 per 10,000 API calls (one read per job start).
 */
export class ExternalSystems extends pulumi.ComponentResource {
  /** Plain environment for a job that uses every system: `EXTERNAL_<NAME>_URL` = base URL. */
  readonly environment: Record<string, string>;
  /** ECS secrets for a job that uses every system: `EXTERNAL_<NAME>_CREDENTIALS` = the secret's ARN. */
  readonly secrets: TaskSecret[];
  /** The secrets behind `secrets`, for the job's execution role. */
  readonly secretArns: pulumi.Output<string>[];
  /** Each system's credentials secret, by system name (operators fill them). */
  readonly secretArnByName: Record<string, pulumi.Output<string>> = {};
  private readonly bySystem = new Map<string, ExternalSystemAccess>();

  constructor(name: string, args: ExternalSystemsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:jobs:ExternalSystems", name, {}, opts);
    const problems = externalSystemProblems(args.systems);
    if (problems.length > 0) {
      throw new Error(`ExternalSystems ${name}: systems are invalid:\n  ${problems.join("\n  ")}`);
    }

    for (const system of args.systems) {
      const variables = externalSystemVariables(system.name);
      const secret = new aws.secretsmanager.Secret(
        `${name}-${system.name}`,
        {
          name: system.secretName,
          description:
            `Credentials for the external catalog system "${system.name}" (${system.baseUrl}), ` +
            `read by the jobs that use it as ${variables.credentials}. Created empty: set the value ` +
            `with "aws secretsmanager put-secret-value --secret-id ${system.secretName} --secret-string <credentials>".`,
          kmsKeyId: args.kmsKeyId,
          recoveryWindowInDays: 30,
        },
        // Protected, not deleteBeforeReplace: see the class comment.
        { parent: this, protect: true },
      );
      this.bySystem.set(system.name, {
        environment: { [variables.url]: system.baseUrl },
        secrets: [{ name: variables.credentials, valueFrom: secret.arn }],
        secretArns: [secret.arn],
      });
      this.secretArnByName[system.name] = secret.arn;
    }
    const all = this.forSystems(args.systems.map((system) => system.name));
    this.environment = all.environment;
    this.secrets = all.secrets;
    this.secretArns = all.secretArns;
    this.registerOutputs({ secretArns: this.secretArns });
  }

  /** The environment, ECS secrets and secret ARNs of the named systems, for a job that uses only those. */
  forSystems(systemNames: string[]): ExternalSystemAccess {
    const unknown = systemNames.filter((systemName) => !this.bySystem.has(systemName));
    if (unknown.length > 0) {
      throw new Error(
        `ExternalSystems: no system named ${unknown.join(", ")}; known: ${[...this.bySystem.keys()].join(", ") || "none"}`,
      );
    }
    const picked = [...new Set(systemNames)].map((systemName) => this.bySystem.get(systemName)!);
    return {
      environment: Object.assign({}, ...picked.map((access) => access.environment)),
      secrets: picked.flatMap((access) => access.secrets),
      secretArns: picked.flatMap((access) => access.secretArns),
    };
  }
}

/**
 * Values every stack of the project shares. They live in the project-level `config:` block
 * of Pulumi.yaml so the cells and the edge cannot disagree about them.
 */
import { checkAppName } from "./app-name";
import { ConfigReader, RawConfig } from "./reader";

export interface SharedConfig {
  /** Short name used as a prefix in resource names and tags. */
  app: string;
  /** The shop's public apex domain; cells serve `origin.<domain>`. */
  domain: string;
  /** Route 53 hosted zone of `domain`; it exists before the first deploy. */
  hostedZoneId: string;
  /** Region of the primary cell: it holds the Aurora global cluster's writer and the origin secret. */
  primaryRegion: string;
  /** Stack name of the primary cell (the current Aurora writer's); it moves after a switchover or failover. */
  primaryStack: string;
  /**
   * Stack name of the home cell: the cell that created the Aurora global database, the master
   * secret and the origin-verify secret, and keeps owning them wherever the primary is. It
   * never changes; it defaults to `primaryStack` (true until the primary first moves).
   */
  homeStack: string;
  /** Team that owns the resources; goes into the `owner` tag. */
  owner: string;
  /**
   * Whether a fleet whose cells cannot take the traffic of any one failed region (N+1,
   * capacity/regional-headroom.ts) is refused: the plan exits 1 and a cell's deploy stops.
   * Off, the plan prints a warning.
   */
  requireRegionalHeadroom: boolean;
}

/** What a stack file holds (`storefront:kind`): one regional cell, or the global edge in front of the cells. */
export const STACK_KINDS = ["cell", "global"] as const;

/**
 * The kind a stack's raw config declares; a file without `storefront:kind` is a cell. An
 * unknown kind is returned as written: the cell reader refuses it with every other problem.
 */
export function stackKindOf(raw: RawConfig): string {
  return raw["storefront:kind"] || "cell";
}

/** A stack name, optionally qualified as `org/project/stack`. */
export const STACK_NAME_PATTERN = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+){0,2}$/;

/** AWS commercial, GovCloud and China region names, e.g. `us-east-1`, `ap-southeast-2`, `us-gov-west-1`. */
export const REGION_PATTERN =
  /^(us|eu|ap|sa|ca|me|af|il|mx|cn)(-gov)?-(north|south|east|west|central|northeast|southeast|northwest|southwest)-\d$/;

export function checkRegion(value: string): string | undefined {
  return REGION_PATTERN.test(value) ? undefined : 'must be an AWS region name such as "us-east-1" or "eu-west-1"';
}

/** Lower-case DNS name with at least two labels; leaves room for the `origin.` prefix. */
function checkDomain(value: string): string | undefined {
  const labels = value.split(".");
  const wellFormed =
    labels.length >= 2 &&
    labels.every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label)) &&
    /[a-z]/.test(labels[labels.length - 1]);
  if (!wellFormed) return 'must be a lower-case DNS name such as "shop.example.com"';
  if (value.length > 240) return "must be at most 240 characters (origin.<domain> must fit in 253)";
  return undefined;
}

function checkStackName(value: string): string | undefined {
  return STACK_NAME_PATTERN.test(value) ? undefined : "must be a stack name, optionally qualified as org/project/stack";
}

function checkHostedZoneId(value: string): string | undefined {
  return /^Z[A-Z0-9]{1,31}$/.test(value)
    ? undefined
    : 'must be a Route 53 hosted zone id such as "Z0123456789ABCDEFGHIJ"';
}

export function readSharedConfig(reader: ConfigReader): SharedConfig {
  const primaryRegion = reader.string("primaryRegion", undefined, checkRegion);
  const primaryStack = reader.string("primaryStack", primaryRegion, checkStackName);
  return {
    app: reader.string("app", "storefront", checkAppName),
    domain: reader.string("domain", undefined, checkDomain),
    hostedZoneId: reader.string("hostedZoneId", undefined, checkHostedZoneId),
    primaryRegion,
    primaryStack,
    homeStack: reader.string("homeStack", primaryStack, checkStackName),
    owner: reader.string("owner", "platform", (v) =>
      /^[\w .:/=+@-]{1,256}$/.test(v) ? undefined : "must be 1-256 characters allowed in AWS tag values",
    ),
    requireRegionalHeadroom: reader.boolean("requireRegionalHeadroom", false),
  };
}

/**
 * Container images must be pinned: a moving tag such as `latest` makes the deployment
 * circuit breaker roll back to "the same" image and makes two regions run different code.
 */
export function checkImage(value: string): string | undefined {
  const match = /^([a-z0-9][a-z0-9._\-/:]*?)(?::([\w][\w.-]{0,127})|@sha256:[a-f0-9]{64})$/.exec(value);
  if (!match || /\s/.test(value))
    return 'must be an image reference with a tag or digest, such as "registry/name:1.4.2"';
  if (match[2] === "latest") return 'must not use the moving "latest" tag; pin a version tag or digest';
  return undefined;
}

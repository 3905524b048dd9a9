/**
 * The distribution's cache behaviours as plain data: which paths go to which origin, which
 * methods they accept and how they are cached. Pure (no Pulumi), so the rules that keep
 * private or changing responses out of the cache are checked without a mock engine.
 */
import { CATALOG_CACHE_SECONDS } from "../../config/global";
import { checkWhole } from "../../config/limits";
import { DEFAULT_WRITE_PATHS, pathPatternMatches, READ_PATH_PATTERNS, samplePath } from "../../config/write-paths";

/** AWS-managed cache policy that caches nothing and forwards nothing by itself. */
export const CACHING_DISABLED_POLICY_ID = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
/** AWS-managed cache policy for static content: 1 s min, 1 day default, 1 year max, gzip+brotli, no query strings, headers or cookies in the key. */
export const CACHING_OPTIMIZED_POLICY_ID = "658327ea-f89d-4fab-a63d-7e88639e58f6";
/**
 * AWS-managed origin request policy forwarding every viewer header, cookie and query
 * string except `Host`, so the origin sees `origin.<domain>`, the name its certificate and
 * listener rules are for.
 */
export const ALL_VIEWER_EXCEPT_HOST_POLICY_ID = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

export type HttpMethod = "GET" | "HEAD" | "OPTIONS" | "PUT" | "POST" | "PATCH" | "DELETE";

/** The method sets CloudFront accepts for `allowedMethods` (it allows no others). */
export const READ_METHODS: readonly HttpMethod[] = ["GET", "HEAD"];
export const READ_AND_OPTIONS_METHODS: readonly HttpMethod[] = ["GET", "HEAD", "OPTIONS"];
export const ALL_METHODS: readonly HttpMethod[] = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
/** Methods that change state: a response to one must never come from a cache. */
export const WRITE_METHODS: readonly HttpMethod[] = ["POST", "PUT", "PATCH", "DELETE"];

/**
 * Which origin a behaviour sends to: the cells' API at the nearest cell (`origin.<domain>`),
 * the primary cell (`writer.<domain>`, for paths that write) or the media buckets.
 */
export type BehaviourTarget = "api" | "writer" | "media";

/**
 * How a behaviour caches: `catalog` is the distribution's own short-lived policy keyed on
 * query strings and language; `disabled` is CachingDisabled; `long` is CachingOptimized.
 */
export type CacheMode = "catalog" | "disabled" | "long";

export interface CacheBehaviourSpec {
  /** CloudFront path pattern; `*` for the default behaviour. */
  pathPattern: string;
  /** Origin the behaviour targets. */
  target: BehaviourTarget;
  /** Methods CloudFront accepts for the path (one of the three sets it allows). */
  allowedMethods: readonly HttpMethod[];
  /** Methods whose responses may be cached (GET and HEAD, or GET, HEAD and OPTIONS). */
  cachedMethods: readonly HttpMethod[];
  /** Cache policy of the behaviour. */
  cache: CacheMode;
  /** Forward every viewer header except Host, all cookies and all query strings. */
  forwardAllViewerValues: boolean;
  /** Let CloudFront compress responses for viewers that accept gzip or brotli. */
  compress: boolean;
  /** What the path serves, for the distribution's documentation. */
  purpose: string;
}

/** Catalog and product reads: public, the same for every shopper, cached briefly. */
const catalogRead = (pathPattern: string, purpose: string): CacheBehaviourSpec => ({
  pathPattern,
  target: "api",
  allowedMethods: READ_AND_OPTIONS_METHODS,
  cachedMethods: READ_METHODS,
  cache: "catalog",
  forwardAllViewerValues: false,
  compress: true,
  purpose,
});

/** Per-shopper APIs: every method, nothing cached, the viewer's session forwarded whole. */
const personal = (pathPattern: string, purpose: string, target: BehaviourTarget = "api"): CacheBehaviourSpec => ({
  pathPattern,
  target,
  allowedMethods: ALL_METHODS,
  cachedMethods: READ_METHODS,
  cache: "disabled",
  forwardAllViewerValues: true,
  compress: true,
  purpose,
});

/** Immutable files: read-only, cached long. */
const longLived = (pathPattern: string, target: BehaviourTarget, purpose: string): CacheBehaviourSpec => ({
  pathPattern,
  target,
  allowedMethods: READ_METHODS,
  cachedMethods: READ_METHODS,
  cache: "long",
  forwardAllViewerValues: false,
  compress: true,
  purpose,
});

const [catalogPath, productsPath, mediaPath, staticPath] = READ_PATH_PATTERNS;

/**
 * The read behaviours, checked before the write paths. Static files go to the API origin:
 * the media buckets admit CloudFront to `media/` only, and the web service ships its own
 * fingerprinted assets.
 */
export const READ_BEHAVIOURS: readonly CacheBehaviourSpec[] = [
  catalogRead(catalogPath, "catalog listings and search"),
  catalogRead(productsPath, "product detail"),
  longLived(mediaPath, "media", "product images from the cells' buckets"),
  longLived(staticPath, "api", "the web service's fingerprinted assets"),
];

/** A path that writes: to the primary cell (`writer.<domain>`), every method, never cached. */
export function writeBehaviour(pathPattern: string): CacheBehaviourSpec {
  return personal(pathPattern, "writes, sent to the primary cell", "writer");
}

/** Ordered behaviours, first match wins: the reads, then one per write path. */
export function orderedBehaviours(writePaths: readonly string[] = DEFAULT_WRITE_PATHS): CacheBehaviourSpec[] {
  return [...READ_BEHAVIOURS, ...writePaths.map(writeBehaviour)];
}

/** The ordered behaviours with the default write paths. */
export const ORDERED_BEHAVIOURS: readonly CacheBehaviourSpec[] = orderedBehaviours();

/** Every other path: the rest of the API, never cached. */
export const DEFAULT_BEHAVIOUR: CacheBehaviourSpec = personal("*", "every other API path");

/** Every behaviour, the default last. */
export function allBehaviours(writePaths: readonly string[] = DEFAULT_WRITE_PATHS): readonly CacheBehaviourSpec[] {
  return [...orderedBehaviours(writePaths), DEFAULT_BEHAVIOUR];
}

/** Longest a catalog response is cached: stock and prices must not lag by more. */
export const CATALOG_MAX_TTL_SECONDS = CATALOG_CACHE_SECONDS.max;

export interface CatalogTtls {
  minTtl: number;
  defaultTtl: number;
  maxTtl: number;
}

/**
 * TTLs of the catalog policy. The minimum is 0 so the origin's `Cache-Control: no-store`
 * (an out-of-stock flip, a price change) is obeyed.
 */
export function catalogTtls(catalogCacheSeconds: number): CatalogTtls {
  const problem = checkWhole(catalogCacheSeconds, CATALOG_CACHE_SECONDS);
  if (problem) throw new Error(`catalogCacheSeconds ${problem}`);
  return { minTtl: 0, defaultTtl: catalogCacheSeconds, maxTtl: CATALOG_MAX_TTL_SECONDS };
}

/** Viewer request headers the catalog responses vary by, hence part of the cache key. */
export const CATALOG_KEY_HEADERS: readonly string[] = ["Accept-Language"];

/** The method sets CloudFront accepts, as sorted lists. */
const ALLOWED_SETS = [READ_METHODS, READ_AND_OPTIONS_METHODS, ALL_METHODS].map((set) => [...set].sort().join(","));
const CACHED_SETS = [READ_METHODS, READ_AND_OPTIONS_METHODS].map((set) => [...set].sort().join(","));

/**
 * Everything wrong with a set of behaviours; empty when none. Checks: a write method never
 * meets a cache; method sets are ones CloudFront accepts and cached methods are allowed;
 * the media origin (an origin group, whose failover works only for GET, HEAD and OPTIONS)
 * gets reads only; personal paths forward the viewer's values; path patterns are unique and
 * the default comes last.
 */
export function behaviourProblems(behaviours: readonly CacheBehaviourSpec[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  behaviours.forEach((b, index) => {
    const where = `behaviour ${JSON.stringify(b.pathPattern)}`;
    const writes = b.allowedMethods.filter((m) => WRITE_METHODS.includes(m));
    if (writes.length > 0 && b.cache !== "disabled") {
      problems.push(`${where} allows ${writes.join(", ")} but caches (${b.cache}); writes need CachingDisabled`);
    }
    if (!ALLOWED_SETS.includes([...b.allowedMethods].sort().join(","))) {
      problems.push(`${where} allows ${b.allowedMethods.join(", ")}, a method set CloudFront does not accept`);
    }
    if (!CACHED_SETS.includes([...b.cachedMethods].sort().join(","))) {
      problems.push(`${where} caches ${b.cachedMethods.join(", ")}, a method set CloudFront does not accept`);
    }
    const notAllowed = b.cachedMethods.filter((m) => !b.allowedMethods.includes(m));
    if (notAllowed.length > 0) problems.push(`${where} caches ${notAllowed.join(", ")} without allowing it`);
    if (b.target === "writer" && (writes.length === 0 || b.cache !== "disabled")) {
      problems.push(`${where} goes to the writer origin, which takes every method and caches nothing`);
    }
    const shadow = behaviours
      .slice(0, index)
      .find((earlier) => pathPatternMatches(earlier.pathPattern, samplePath(b.pathPattern)));
    if (shadow && b.target === "writer") {
      problems.push(
        `${where} is shadowed by the earlier behaviour ${JSON.stringify(shadow.pathPattern)}: its writes never reach the writer`,
      );
    }
    if (b.target === "media" && writes.length > 0) {
      problems.push(`${where} sends ${writes.join(", ")} to the media origin group, which fails over reads only`);
    }
    if (b.cache === "disabled" && b.target !== "media" && !b.forwardAllViewerValues) {
      problems.push(`${where} is never cached but does not forward the viewer's headers, cookies and query strings`);
    }
    if (b.cache !== "disabled" && b.forwardAllViewerValues) {
      problems.push(`${where} caches yet forwards every cookie to the origin: responses could differ per shopper`);
    }
    if (seen.has(b.pathPattern)) problems.push(`${where} is defined twice`);
    seen.add(b.pathPattern);
    if ((b.pathPattern === "*") !== (index === behaviours.length - 1)) {
      problems.push(`${where}: the default behaviour "*" must be the last one, and only the last`);
    }
  });
  return problems;
}

/**
 * The edge's write paths (`storefront:writePaths`): the CloudFront path patterns whose
 * requests go to `writer.<domain>`, the primary cell, instead of the nearest cell. Pure, so
 * the config reader, the distribution's guard and the plan share one rule.
 *
 * A secondary cell's database only reads, and Aurora's write forwarding refuses statements
 * an ordinary shop issues (docs/writes.md), so every path that writes goes to the primary.
 */
import { ConfigReader } from "./reader";

/** Paths that write by default: the shopper's cart, checkout and account. */
export const DEFAULT_WRITE_PATHS: readonly string[] = ["/api/cart*", "/api/checkout*", "/api/account*"];

/**
 * The read behaviours' path patterns, in the order CloudFront checks them, before any write
 * path (components/edge/cache-behaviours.ts builds them from this list): catalog and product
 * reads, media and static files.
 */
export const READ_PATH_PATTERNS = ["/api/catalog/*", "/api/products/*", "/media/*", "/static/*"] as const;
/** Behaviours besides the write paths: the read behaviours and the default one. */
export const NON_WRITE_BEHAVIOURS = READ_PATH_PATTERNS.length + 1;

/**
 * Characters CloudFront accepts in a path pattern: letters, digits, `_ - . * $ / ~ " ' @ : +`,
 * `&` and the `?` wildcard (docs/aws-behaviours.md #23).
 */
export const PATH_PATTERN = /^[A-Za-z0-9_\-.*$/~"'@:+&?]+$/;
/** Longest path pattern CloudFront accepts. */
export const MAX_PATH_PATTERN_LENGTH = 255;
/** Cache behaviours per distribution, CloudFront's default quota (the default behaviour included). */
export const MAX_CACHE_BEHAVIOURS = 75;

/** What is wrong with one write path, or `undefined`. */
export function checkWritePath(value: string): string | undefined {
  if (value.length === 0 || value.length > MAX_PATH_PATTERN_LENGTH) {
    return `must be 1-${MAX_PATH_PATTERN_LENGTH} characters (CloudFront's path pattern limit)`;
  }
  if (!PATH_PATTERN.test(value)) {
    return "must hold only letters, digits and _ - . * $ / ~ \" ' @ : + & ? (CloudFront path pattern characters)";
  }
  if (!value.startsWith("/")) return 'must start with "/", such as "/api/cart*"';
  if (value === "/*" || value === "*") {
    return "must not match every path: reads stay on the nearest cell (list the paths that write)";
  }
  return undefined;
}

/** Whether CloudFront's path pattern (`*` any run, `?` one character) matches `path`. */
export function pathPatternMatches(pattern: string, path: string): boolean {
  const source = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`).test(path);
}

/**
 * A path the pattern matches, wildcards filled in: a read behaviour listed before the write
 * paths that matches it would take the path's requests first and leave the write path dead.
 */
export function samplePath(pattern: string): string {
  return pattern.replace(/\*/g, "x").replace(/\?/g, "x");
}

/**
 * Problems of the whole list against the read behaviours that CloudFront checks first
 * (`readPatterns`) and the behaviour quota (`otherBehaviours` counts every behaviour that is
 * not a write path, the default included): repeats, paths a read behaviour would shadow, and
 * a list too long for one distribution. One sentence per problem.
 */
export function writePathListProblems(
  paths: readonly string[],
  readPatterns: readonly string[],
  otherBehaviours: number,
): string[] {
  const problems: string[] = [];
  if (paths.length === 0) problems.push("must list at least one path: the cart, checkout and account write");
  const repeated = [...new Set(paths.filter((p, i) => paths.indexOf(p) !== i))];
  if (repeated.length > 0) problems.push(`must list each path once (repeated: ${repeated.join(", ")})`);
  for (const path of paths) {
    const shadow = readPatterns.find((read) => read === path || pathPatternMatches(read, samplePath(path)));
    if (shadow) {
      problems.push(
        `${path} is shadowed by the read behaviour ${shadow}, which CloudFront checks first and which refuses writes`,
      );
    }
  }
  const total = paths.length + otherBehaviours;
  if (total > MAX_CACHE_BEHAVIOURS) {
    problems.push(
      `lists ${paths.length} paths: with the ${otherBehaviours} other behaviours that is ${total}, above CloudFront's ${MAX_CACHE_BEHAVIOURS} cache behaviours per distribution`,
    );
  }
  return problems;
}

/** `storefront:writePaths`: each a valid path pattern, the list as a whole fit for one distribution. */
export function readWritePaths(config: ConfigReader): string[] {
  const paths = config.stringList("writePaths") ?? [...DEFAULT_WRITE_PATHS];
  for (const path of paths) {
    const problem = checkWritePath(path);
    if (problem) config.problem("writePaths", path, problem);
  }
  for (const problem of writePathListProblems(paths, READ_PATH_PATTERNS, NON_WRITE_BEHAVIOURS)) {
    config.problem("writePaths", paths, problem);
  }
  return paths;
}

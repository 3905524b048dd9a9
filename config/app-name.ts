/**
 * One rule for the `app` name that holds in every region. The name prefixes every
 * resource; two names leave it the least room:
 * - the media bucket, `<app>-media-<region>-` plus the random suffix Pulumi adds, which S3
 *   caps at 63 characters (37 of prefix): with the longest region names AWS uses
 *   (`ap-southeast-1`, `ap-northeast-1`: 14 characters) that leaves 15 for the app;
 * - the load balancer, auto-named `<app>-ingress-alb` plus Pulumi's 8-character suffix,
 *   which ELB caps at 32: that leaves 12.
 * The app takes the smaller, so a name accepted for one cell is accepted for any region a
 * cell is added in later, and never renames a protected resource.
 */
import { rulesFor } from "./aws-input-rules";
import { AUTO_NAME_SUFFIX_LENGTH } from "./aws-name-sources";

/** The longest `bucketPrefix` S3 accepts (63 characters less Pulumi's 26-character suffix). */
export const MAX_BUCKET_PREFIX = 37;

/** The longest AWS region name (`ap-southeast-1`, `ap-northeast-1`, ...). */
export const LONGEST_REGION_NAME = 14;

/** The longest app name the media bucket's prefix leaves room for in every region. */
const BUCKET_APP_MAX = MAX_BUCKET_PREFIX - "-media-".length - LONGEST_REGION_NAME - "-".length;

/** The longest load balancer name ELB accepts, from the input rules. */
const ELB_NAME_MAX = rulesFor("aws:lb/loadBalancer:LoadBalancer").find((rule) => rule.input === "name")?.max ?? 32;

/** The longest app name the load balancer's auto-name leaves room for. */
const ALB_APP_MAX = ELB_NAME_MAX - AUTO_NAME_SUFFIX_LENGTH - "-ingress-alb".length;

/** The longest app name: the tighter of the media bucket's and the load balancer's limits. */
export const APP_NAME_MAX = Math.min(BUCKET_APP_MAX, ALB_APP_MAX);

export const APP_NAME_MIN = 3;

/** Why `value` is not a valid app name, or undefined when it is. */
export function checkAppName(value: string): string | undefined {
  const pattern = new RegExp(`^[a-z][a-z0-9-]{${APP_NAME_MIN - 2},${APP_NAME_MAX - 2}}[a-z0-9]$`);
  return pattern.test(value)
    ? undefined
    : `must be ${APP_NAME_MIN}-${APP_NAME_MAX} characters of lower-case letters, digits and hyphens, starting with a letter and ending with a letter or digit (the media bucket "<app>-media-<region>-" must fit S3's ${MAX_BUCKET_PREFIX}-character prefix in every region, and "<app>-ingress-alb" with its ${AUTO_NAME_SUFFIX_LENGTH}-character suffix ELB's ${ELB_NAME_MAX}-character load balancer name)`;
}

/**
 * One rule for the `app` name that holds in every region. The name prefixes every
 * resource; the tightest fit is the media bucket, named `<app>-media-<region>-` plus the
 * random suffix Pulumi adds, which S3 caps at 63 characters (37 of prefix). With the
 * longest region names AWS uses (`ap-southeast-1`, `ap-northeast-1`: 14 characters) that
 * leaves 15 characters for the app, so a name accepted for one cell is accepted for any
 * region a cell is added in later, and never renames a protected bucket.
 */

/** The longest `bucketPrefix` S3 accepts (63 characters less Pulumi's 26-character suffix). */
export const MAX_BUCKET_PREFIX = 37;

/** The longest AWS region name (`ap-southeast-1`, `ap-northeast-1`, ...). */
export const LONGEST_REGION_NAME = 14;

/** The longest app name: what `<app>-media-<longest region>-` leaves of S3's prefix. */
export const APP_NAME_MAX = MAX_BUCKET_PREFIX - "-media-".length - LONGEST_REGION_NAME - "-".length;

export const APP_NAME_MIN = 3;

/** Why `value` is not a valid app name, or undefined when it is. */
export function checkAppName(value: string): string | undefined {
  const pattern = new RegExp(`^[a-z][a-z0-9-]{${APP_NAME_MIN - 2},${APP_NAME_MAX - 2}}[a-z0-9]$`);
  return pattern.test(value)
    ? undefined
    : `must be ${APP_NAME_MIN}-${APP_NAME_MAX} characters of lower-case letters, digits and hyphens, starting with a letter and ending with a letter or digit (the media bucket "<app>-media-<region>-" must fit S3's ${MAX_BUCKET_PREFIX}-character prefix in every region)`;
}

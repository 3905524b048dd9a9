/**
 * The Aurora PostgreSQL versions a cell may run, as a dated list. A version AWS does not
 * offer (a typo such as "16.99", or a minor Aurora skipped) is otherwise accepted offline
 * and refused by RDS halfway through the primary's first deploy, after the network, the
 * key and the secrets exist. Only versions that take part in a global database with write
 * forwarding (15.4 and later) are listed.
 *
 * Source: the "Aurora PostgreSQL release calendar for minor versions" in Amazon's Aurora
 * PostgreSQL release notes
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/aurora-postgresql-release-calendar.html),
 * or `aws rds describe-db-engine-versions --engine aurora-postgresql --query "DBEngineVersions[].EngineVersion"`.
 * When AWS releases a version, add it here (and its date to AURORA_VERSIONS_AS_OF).
 */

/** When the list was last compared with AWS's release calendar. */
export const AURORA_VERSIONS_AS_OF = "2025-11";

/** Aurora PostgreSQL `major.minor` versions, 15.4 and later, that AWS offered on AURORA_VERSIONS_AS_OF. */
export const AURORA_POSTGRESQL_VERSIONS: readonly string[] = [
  "15.4",
  "15.5",
  "15.6",
  "15.7",
  "15.8",
  "15.10",
  "15.12",
  "15.13",
  "15.14",
  "16.1",
  "16.2",
  "16.3",
  "16.4",
  "16.6",
  "16.8",
  "16.9",
  "16.10",
  "17.4",
  "17.5",
  "17.6",
  "17.7",
];

/** Why `version` is not one AWS offers, or undefined when it is. */
export function checkAuroraVersionOffered(version: string): string | undefined {
  if (AURORA_POSTGRESQL_VERSIONS.includes(version)) return undefined;
  const major = version.split(".")[0];
  const sameMajor = AURORA_POSTGRESQL_VERSIONS.filter((v) => v.split(".")[0] === major);
  return (
    `is not an Aurora PostgreSQL version AWS offers (list as of ${AURORA_VERSIONS_AS_OF}: ` +
    `${(sameMajor.length > 0 ? sameMajor : AURORA_POSTGRESQL_VERSIONS).join(", ")}); ` +
    "a newer release is added to config/engine-versions.ts"
  );
}

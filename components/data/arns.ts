/**
 * ARN arithmetic the data tier needs across regions. Pure: no Pulumi imports.
 */

/**
 * The ARN of a Secrets Manager secret's replica in `region`. A replica keeps the primary
 * secret's name and random suffix; only the region differs.
 */
export function secretReplicaArn(primaryArn: string, region: string): string {
  const match = /^arn:(aws[a-z-]*):secretsmanager:([a-z0-9-]+):(\d{12}):secret:(.+)$/.exec(primaryArn);
  if (!match) throw new Error(`not a Secrets Manager secret ARN: ${JSON.stringify(primaryArn)}`);
  const [, partition, , account, name] = match;
  return `arn:${partition}:secretsmanager:${region}:${account}:secret:${name}`;
}

/** The log group RDS writes a cluster's `postgresql` log to; created ahead so it has retention and the cell key. */
export function auroraLogGroupName(clusterIdentifier: string): string {
  return `/aws/rds/cluster/${clusterIdentifier}/postgresql`;
}

/**
 * A physical name for the cell's data stores: `<app>-<stack>`, which RDS cluster ids
 * (63), MQ broker names (50) and ElastiCache ids (40) all accept for any valid app and
 * region stack name. Lower case, no double hyphens, no trailing hyphen.
 */
export function dataStoreName(app: string, stack: string, maxLength: number): string {
  const name = `${app}-${stack}`
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .replace(/-+/g, "-")
    .slice(0, maxLength)
    .replace(/-+$/, "");
  if (!/^[a-z]/.test(name)) throw new Error(`data store name must start with a letter: ${JSON.stringify(name)}`);
  return name;
}

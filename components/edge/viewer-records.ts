import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Record types of each viewer name: the distribution answers over IPv4 and IPv6. */
export const VIEWER_RECORD_TYPES = ["A", "AAAA"] as const;

export interface ViewerRecordsArgs {
  /** The names viewers type, e.g. the apex and `www.<apex>`. */
  names: string[];
  /** Hosted zone of the names. */
  hostedZoneId: string;
  /** The distribution's domain name (`dxxxx.cloudfront.net`). */
  distributionDomainName: pulumi.Input<string>;
  /** The distribution's hosted zone id (CloudFront's, `Z2FDTNDATAQYW2`). */
  distributionZoneId: pulumi.Input<string>;
}

/**
 * The names viewers use, as alias records to the distribution: A and AAAA for each name.
 * An alias at the apex is the only way to point it at CloudFront (a CNAME is not allowed
 * there). Target health is not evaluated: CloudFront has no unhealthy state to report, and
 * the cells' health is handled behind it on `origin.<domain>`.
 *
 * The records do not overwrite existing ones: if the zone already holds records for these
 * names (a site being moved here), the deploy stops instead of taking over live traffic
 * silently; delete or import them first.
 *
 * Cost: alias queries to CloudFront are free.
 */
export class ViewerRecords extends pulumi.ComponentResource {
  /** FQDNs of the records, one per name and type. */
  readonly fqdns: pulumi.Output<string>[];

  constructor(name: string, args: ViewerRecordsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:edge:ViewerRecords", name, {}, opts);
    if (args.names.length === 0) throw new Error(`ViewerRecords ${name}: names must list at least one name`);
    if (new Set(args.names).size !== args.names.length) {
      throw new Error(`ViewerRecords ${name}: names must not repeat a name, got ${args.names.join(", ")}`);
    }
    this.fqdns = args.names.flatMap((host) =>
      VIEWER_RECORD_TYPES.map(
        (type) =>
          new aws.route53.Record(
            `${name}-${host}-${type.toLowerCase()}`,
            {
              zoneId: args.hostedZoneId,
              name: host,
              type,
              aliases: [
                { name: args.distributionDomainName, zoneId: args.distributionZoneId, evaluateTargetHealth: false },
              ],
            },
            { parent: this },
          ).fqdn,
      ),
    );
    this.registerOutputs({ fqdns: this.fqdns });
  }
}

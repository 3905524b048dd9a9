import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** One cell behind the writer record. */
export interface WriterCell {
  /** The cell's region: the record set's identifier, which Region switch maps to the region (docs/aws-behaviours.md #26). */
  region: string;
  /** The primary's record set carries weight; the others answer only once the primary's is unhealthy. */
  isPrimary: boolean;
  /** The cell's load balancer DNS name. */
  albDnsName: pulumi.Input<string>;
  /** Hosted zone of the load balancer's DNS name. */
  albZoneId: pulumi.Input<string>;
  /**
   * The Region switch health checks for this region, one per plan the region is in: a
   * secondary is in one plan, the primary in every plan.
   */
  healthCheckIds: pulumi.Input<string>[];
}

export interface WriterRecordArgs {
  /** `writer.<domain>` (`writerHostName`). */
  hostName: string;
  /** Hosted zone of the domain. */
  hostedZoneId: string;
  /** Every cell, the primary among them. */
  cells: WriterCell[];
}

/**
 * `writer.<domain>`: one weighted alias record set per cell (set identifier = region), the
 * primary's with weight 1 and every other with weight 0, each tied to the health checks the
 * Region switch plans create. Route 53 answers with a weight-0 record set only when every
 * weighted one is unhealthy (docs/aws-behaviours.md #29), so writes reach the primary until
 * a plan deactivates it, then the region the plan activated. The weights follow the
 * `primaryRegion` config, so after a move the next deploy hands the weight to the new primary.
 *
 * The primary is in every plan: its record set carries a calculated health check that is
 * healthy only while every plan's check for the primary is healthy, so any one plan can move
 * writes away from it. Target health is not evaluated: writes must follow the Aurora writer,
 * which only a plan moves, not a load balancer's momentary health.
 *
 * Cost: $0.50/month for the calculated health check; the plans' checks are ARC's.
 */
export class WriterRecord extends pulumi.ComponentResource {
  readonly fqdns: pulumi.Output<string>[];

  constructor(name: string, args: WriterRecordArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:recovery:WriterRecord", name, {}, opts);
    const primaries = args.cells.filter((cell) => cell.isPrimary);
    if (primaries.length !== 1) {
      throw new Error(`WriterRecord ${name}: cells must hold exactly one primary, got ${primaries.length}`);
    }
    const secondaries = args.cells.filter((cell) => !cell.isPrimary);
    const lacking = secondaries.filter((cell) => cell.healthCheckIds.length !== 1).map((cell) => cell.region);
    if (lacking.length > 0) {
      throw new Error(`WriterRecord ${name}: each secondary needs exactly one health check, not ${lacking.join(", ")}`);
    }
    if (primaries[0].healthCheckIds.length !== secondaries.length) {
      throw new Error(
        `WriterRecord ${name}: the primary needs one health check per plan (${secondaries.length}), got ${primaries[0].healthCheckIds.length}`,
      );
    }

    this.fqdns = args.cells.map((cell) => {
      const healthCheckId = cell.isPrimary ? this.primaryHealthCheck(name, args, cell) : cell.healthCheckIds[0];
      return new aws.route53.Record(
        `${name}-${cell.region}`,
        {
          zoneId: args.hostedZoneId,
          name: args.hostName,
          type: "A",
          setIdentifier: cell.region,
          weightedRoutingPolicies: [{ weight: cell.isPrimary ? 1 : 0 }],
          healthCheckId,
          aliases: [{ name: cell.albDnsName, zoneId: cell.albZoneId, evaluateTargetHealth: false }],
        },
        { parent: this },
      ).fqdn;
    });
    this.registerOutputs({ fqdns: this.fqdns });
  }

  /** Healthy while every plan keeps the primary active; none for a fleet of one cell (no plan). */
  private primaryHealthCheck(
    name: string,
    args: WriterRecordArgs,
    cell: WriterCell,
  ): pulumi.Output<string> | undefined {
    if (cell.healthCheckIds.length === 0) return undefined;
    return new aws.route53.HealthCheck(
      `${name}-primary-health`,
      {
        type: "CALCULATED",
        childHealthchecks: cell.healthCheckIds,
        childHealthThreshold: cell.healthCheckIds.length,
        tags: { Name: `${args.hostName} primary` },
      },
      { parent: this },
    ).id;
  }
}

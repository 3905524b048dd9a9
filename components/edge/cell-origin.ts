import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkRegion } from "../../config/shared";

/**
 * What Route 53 does with a cell's health check while its alarm has no data. The alarm
 * treats missing metrics as breaching, so a cell without healthy tasks is in ALARM, never in
 * INSUFFICIENT_DATA; that state means only that CloudWatch cannot evaluate (an alarm not yet
 * evaluated, or CloudWatch itself impaired in the region). Keeping the last known status
 * leaves traffic where it is instead of moving a region's users on a monitoring problem;
 * the alias record's target-health evaluation still removes a cell whose load balancer has
 * no healthy target.
 */
export const INSUFFICIENT_DATA_HEALTH_STATUS = "LastKnownStatus";

export interface CellOriginArgs {
  /** The cell's region: the record's set identifier and latency region, and the alarm's region. */
  region: string;
  /** The shared origin host name, `origin.<domain>`. */
  originHostName: string;
  /** Hosted zone of the domain. */
  hostedZoneId: string;
  /** The cell's load balancer DNS name (the cell's `albDnsName` output). */
  albDnsName: pulumi.Input<string>;
  /** Hosted zone of the load balancer's DNS name (the cell's `albZoneId` output). */
  albZoneId: pulumi.Input<string>;
  /** Name of the cell's health alarm in `region` (the cell's `healthAlarmName` output). */
  healthAlarmName: pulumi.Input<string>;
}

/**
 * One cell's place behind `origin.<domain>`: a Route 53 health check that follows the cell's
 * health alarm, and a latency alias record to the cell's load balancer tied to it. Route 53
 * answers each resolver with the lowest-latency healthy cell; a cell whose alarm fires
 * leaves the answers within a few minutes.
 *
 * The record's set identifier and latency region are the cell's region and nothing else:
 * Route 53 cannot change either on a live record (it fails and leaves a gap), so they must
 * stay the same for as long as the cell exists. The alias is A only: the cells' load
 * balancers are IPv4.
 *
 * Cost: one CloudWatch-metric health check, $0.50/month; latency queries $0.60 per million.
 */
export class CellOrigin extends pulumi.ComponentResource {
  readonly healthCheckId: pulumi.Output<string>;
  readonly recordFqdn: pulumi.Output<string>;

  constructor(name: string, args: CellOriginArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:edge:CellOrigin", name, {}, opts);
    const regionProblem = checkRegion(args.region);
    if (regionProblem) throw new Error(`CellOrigin ${name}: region "${args.region}" ${regionProblem}`);
    if (!args.originHostName.startsWith("origin.")) {
      throw new Error(`CellOrigin ${name}: originHostName "${args.originHostName}" must be origin.<domain>`);
    }

    const healthCheck = new aws.route53.HealthCheck(
      `${name}-health`,
      {
        type: "CLOUDWATCH_METRIC",
        cloudwatchAlarmName: args.healthAlarmName,
        cloudwatchAlarmRegion: args.region,
        insufficientDataHealthStatus: INSUFFICIENT_DATA_HEALTH_STATUS,
        tags: { Name: `${args.originHostName} ${args.region}` },
      },
      { parent: this },
    );
    const record = new aws.route53.Record(
      `${name}-latency`,
      {
        zoneId: args.hostedZoneId,
        name: args.originHostName,
        type: "A",
        setIdentifier: args.region,
        latencyRoutingPolicies: [{ region: args.region }],
        healthCheckId: healthCheck.id,
        aliases: [{ name: args.albDnsName, zoneId: args.albZoneId, evaluateTargetHealth: true }],
      },
      { parent: this },
    );

    this.healthCheckId = healthCheck.id;
    this.recordFqdn = record.fqdn;
    this.registerOutputs({ healthCheckId: this.healthCheckId, recordFqdn: this.recordFqdn });
  }
}

/**
 * Availability Zones a cell never picks unless config pins them: zones where a service the
 * cell needs has been unavailable. Zone IDs, not names: a name maps to a different physical
 * zone in each account (docs/aws-behaviours.md #32).
 *
 * A dated snapshot of public AWS material. AWS adds capacity over time, so review the list
 * when a new region is added; a stack overrides it with `storefront:excludedZoneIds` (an
 * empty list excludes nothing). Changing the list never moves a live cell whose zones are
 * pinned (docs/operations.md, "Availability Zones").
 */

/** When the list below was last checked against its sources. */
export const EXCLUDED_ZONES_CHECKED = "2026-11-30";

export interface ExcludedZone {
  zoneId: string;
  /** What is missing there, and where AWS says so. */
  reason: string;
}

export const DEFAULT_EXCLUDED_ZONES: readonly ExcludedZone[] = [
  {
    zoneId: "use1-az3",
    reason:
      'an older zone without Nitro or Graviton instances, so Amazon MQ broker types (mq.m5.large reported unavailable there, magenx/Magento-2-aws-cluster-terraform#16, 2022-03-19) and newer RDS instance classes are not offered (wolfman.dev, "AWS AZs: Not all are Equal", 2021-03-10); confirm with Amazon MQ DescribeBrokerInstanceOptions and RDS DescribeOrderableDBInstanceOptions, which list the zones per instance type',
  },
];

/** The default exclusions that concern `zoneIdPrefix` (`use1`): the list a cell uses when its stack sets none. */
export function defaultExcludedZoneIds(zoneIdPrefix: string | undefined): string[] {
  return DEFAULT_EXCLUDED_ZONES.map((zone) => zone.zoneId).filter((id) => id.startsWith(`${zoneIdPrefix}-az`));
}

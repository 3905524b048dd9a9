import * as aws from "@pulumi/aws";
import { CellConfig } from "../config/cell";
import { chooseZones, ChosenZones } from "../network/zones";

/**
 * The cell's Availability Zones, looked up once so the layout is a plain list: the zones of
 * the region that need no opt-in (local and Wavelength zones excluded), chosen by zone ID
 * (network/zones.ts) and mapped to this account's names for the resources. Pinned IDs (or,
 * in older stacks, pinned names) are mapped the same way; pinning keeps a live cell's zones
 * fixed whatever the exclusion list or the region's zones become.
 */
export async function cellAvailabilityZones(config: CellConfig, provider: aws.Provider): Promise<ChosenZones> {
  const zones = await aws.getAvailabilityZones(
    { state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
    { provider },
  );
  return chooseZones(
    { names: zones.names, zoneIds: zones.zoneIds },
    {
      region: config.region,
      count: config.azCount,
      excludedZoneIds: config.excludedZoneIds,
      pinnedZoneIds: config.availabilityZoneIds,
      pinnedNames: config.availabilityZones,
    },
  );
}

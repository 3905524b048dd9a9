/**
 * Choosing a cell's Availability Zones by zone ID. A zone's name (`us-east-1a`) maps to a
 * different physical zone in each account, while its ID (`use1-az1`) names the same zone in
 * every account, so the choice, the exclusions and any pinning speak in IDs, and the
 * account's names are looked up only to hand them to the resources that want names
 * (docs/aws-behaviours.md #32).
 *
 * Pure: no Pulumi imports, so the rules are tested without mocks and the offline plan shows
 * the same choice the program makes.
 */

/** What `ec2:DescribeAvailabilityZones` answers for a region, in the order AWS lists them. */
export interface AvailableZones {
  /** The account's zone names (`us-east-1a`, ...). */
  names: string[];
  /** The zone IDs, at the same positions as `names`. */
  zoneIds: string[];
}

/** The zones a cell spans, in subnet order: the names the resources take and the IDs they are. */
export interface ChosenZones {
  names: string[];
  zoneIds: string[];
}

const DIRECTIONS: Record<string, string> = {
  east: "e",
  west: "w",
  north: "n",
  south: "s",
  central: "c",
  northeast: "ne",
  northwest: "nw",
  southeast: "se",
  southwest: "sw",
};

/**
 * The prefix of a region's zone IDs: the area, the initials of any partition word, the
 * direction's abbreviation and the number (`us-east-1` -> `use1`, `eu-west-1` -> `euw1`,
 * `ap-southeast-2` -> `apse2`, `us-gov-west-1` -> `usgw1`). `undefined` for a name of
 * another shape.
 */
export function zoneIdPrefix(region: string): string | undefined {
  const parts = region.split("-");
  if (parts.length < 3) return undefined;
  const [area, ...rest] = parts;
  const number = rest.pop() as string;
  const direction = DIRECTIONS[rest.pop() as string];
  if (!/^[a-z]{2}$/.test(area) || !/^[0-9]+$/.test(number) || !direction) return undefined;
  return `${area}${rest.map((word) => word[0]).join("")}${direction}${number}`;
}

/** Why `zoneId` is not a zone ID of `region` (`use1-az4` for us-east-1), or `undefined` when it is. */
export function checkZoneId(zoneId: string, region: string): string | undefined {
  const prefix = zoneIdPrefix(region);
  if (!/^[a-z]+[0-9]+-az[0-9]+$/.test(zoneId)) {
    return `must be zone IDs such as "${prefix ?? "use1"}-az1" (not zone names such as "${region}a")`;
  }
  if (prefix && !zoneId.startsWith(`${prefix}-az`)) {
    return `must be zone IDs of ${region}, which start with "${prefix}-az" ("${zoneId}" is another region's)`;
  }
  return undefined;
}

/** Zone IDs in a stable order: by prefix, then by the number after `az` (az2 before az10). */
export function sortZoneIds(zoneIds: readonly string[]): string[] {
  const key = (id: string) => {
    const [prefix, az] = id.split("-az");
    return { prefix, number: Number(az) };
  };
  return [...zoneIds].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x.prefix === y.prefix ? x.number - y.number : x.prefix < y.prefix ? -1 : 1;
  });
}

/** The zones to span when nothing is pinned, or the pinned ones (IDs or, in older stacks, names). */
export interface ZoneRequest {
  region: string;
  /** How many zones the cell spans. */
  count: number;
  /** Zone IDs never chosen (unsuitable for what the cell runs). */
  excludedZoneIds: readonly string[];
  /** Pinned zone IDs, in subnet order (`storefront:availabilityZoneIds`). */
  pinnedZoneIds?: readonly string[];
  /** Pinned zone names, in subnet order (`storefront:availabilityZones`, kept for stacks that pinned names). */
  pinnedNames?: readonly string[];
}

/**
 * The cell's zones: the pinned ones, mapped between names and IDs with the account's own
 * map; otherwise the first `count` zone IDs, in sorted order, among the available zones
 * that are not excluded. Throws an error naming the region, the available and the excluded
 * IDs when the region cannot supply them.
 */
export function chooseZones(available: AvailableZones, request: ZoneRequest): ChosenZones {
  const { region } = request;
  if (available.names.length !== available.zoneIds.length) {
    throw new Error(
      `region ${region}: the zone lookup returned ${available.names.length} names but ${available.zoneIds.length} IDs`,
    );
  }
  const idOf = new Map(available.names.map((name, i) => [name, available.zoneIds[i]]));
  const nameOf = new Map(available.zoneIds.map((id, i) => [id, available.names[i]]));
  const offered = `available in this account: ${listZones(available)}`;

  if (request.pinnedZoneIds) {
    const missing = request.pinnedZoneIds.filter((id) => !nameOf.has(id));
    if (missing.length > 0) {
      throw new Error(
        `storefront:availabilityZoneIds names ${missing.join(", ")}, not available in ${region} for this account (${offered})`,
      );
    }
    return { zoneIds: [...request.pinnedZoneIds], names: request.pinnedZoneIds.map((id) => nameOf.get(id) as string) };
  }
  if (request.pinnedNames) {
    const missing = request.pinnedNames.filter((name) => !idOf.has(name));
    if (missing.length > 0) {
      throw new Error(
        `storefront:availabilityZones names ${missing.join(", ")}, not available in ${region} (${offered})`,
      );
    }
    return { names: [...request.pinnedNames], zoneIds: request.pinnedNames.map((name) => idOf.get(name) as string) };
  }

  const excluded = new Set(request.excludedZoneIds);
  const eligible = sortZoneIds(available.zoneIds.filter((id) => !excluded.has(id)));
  if (eligible.length < request.count) {
    const excludedHere = available.zoneIds.filter((id) => excluded.has(id));
    throw new Error(
      `storefront:azCount = ${request.count}: region ${region} offers only ${eligible.length} suitable zones ` +
        `(${offered}; excluded: ${excludedHere.length > 0 ? sortZoneIds(excludedHere).join(", ") : "none"}). ` +
        "Lower azCount, or pin storefront:availabilityZoneIds, or narrow storefront:excludedZoneIds",
    );
  }
  const zoneIds = eligible.slice(0, request.count);
  return { zoneIds, names: zoneIds.map((id) => nameOf.get(id) as string) };
}

/** `use1-az1 (us-east-1c), ...` in zone-ID order, or `none`. */
export function listZones(zones: AvailableZones): string {
  const nameOf = new Map(zones.zoneIds.map((id, i) => [id, zones.names[i]]));
  const ids = sortZoneIds(zones.zoneIds);
  return ids.length === 0 ? "none" : ids.map((id) => `${id} (${nameOf.get(id)})`).join(", ");
}

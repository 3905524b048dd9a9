/**
 * Pure IPv4 CIDR helpers: parsing/validation for config, and the per-AZ subnet
 * plan the VPC component uses to set explicit subnet CIDR blocks.
 *
 * Addresses are held as unsigned 32-bit integers in plain JS numbers. JS bitwise
 * operators work on *signed* 32-bit ints, so every bitwise result is normalised
 * with `>>> 0`, and sizes (2^(32-prefix), up to 2^32) are computed with `**`
 * rather than shifts, which cannot represent 2^32 and treat `x << 32` as `x << 0`.
 */

export interface Cidr {
  /** network address as unsigned 32-bit int */
  base: number;
  prefix: number;
}

const EXAMPLE = `expected an IPv4 CIDR block like "10.20.0.0/16"`;

/** Netmask for a prefix. Prefix 0 is special-cased: `~0 << 32` would be `~0 << 0`. */
function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Number of addresses in a block (2^32 for /0, so not a 32-bit shift). */
function sizeOf(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** Last address of the block, inclusive. */
function lastOf(cidr: Cidr): number {
  return cidr.base + sizeOf(cidr.prefix) - 1;
}

function formatAddress(addr: number): string {
  return [addr >>> 24, (addr >>> 16) & 0xff, (addr >>> 8) & 0xff, addr & 0xff].join(".");
}

/**
 * Parses "a.b.c.d/n". Returns { cidr } or { error } (never throws).
 * Strict on purpose: config typos should fail validation rather than silently
 * produce a different network.
 */
export function parseCidr(text: string): { cidr: Cidr } | { error: string } {
  if (typeof text !== "string") {
    return { error: `${EXAMPLE}, got a ${typeof text}` };
  }
  const shown = JSON.stringify(text);
  // Whole-string match: no surrounding whitespace, signs, or extra parts.
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) {
    return {
      error: `${EXAMPLE} (four dot-separated octets 0-255, then "/" and a prefix length 0-32), got ${shown}`,
    };
  }
  const octetTexts = m.slice(1, 5);
  for (const o of octetTexts) {
    // Leading zeros are ambiguous (some tools read them as octal), so reject them.
    if (o.length > 1 && o.startsWith("0")) {
      return {
        error: `${EXAMPLE}, got ${shown}: octet "${o}" has a leading zero`,
      };
    }
    if (Number(o) > 255) {
      return {
        error: `${EXAMPLE}, got ${shown}: octet ${o} is out of range (each octet must be 0-255)`,
      };
    }
  }
  const prefixText = m[5];
  if (prefixText.length > 1 && prefixText.startsWith("0")) {
    return {
      error: `${EXAMPLE}, got ${shown}: prefix length "/${prefixText}" has a leading zero`,
    };
  }
  const prefix = Number(prefixText);
  if (prefix > 32) {
    return {
      error: `${EXAMPLE}, got ${shown}: prefix length /${prefix} is out of range (must be 0-32)`,
    };
  }
  // Multiply rather than shift so the top octet can't flip the sign bit.
  const [a, b, c, d] = octetTexts.map(Number);
  const addr = a * 2 ** 24 + b * 2 ** 16 + c * 2 ** 8 + d;
  const base = (addr & maskOf(prefix)) >>> 0;
  if (base !== addr) {
    // Host bits set usually means a typo; name the network the user probably meant.
    const meant = formatCidr({ base, prefix });
    return {
      error: `${EXAMPLE} with no host bits set, got ${shown}: did you mean "${meant}"? (the network address for /${prefix} is ${formatAddress(base)})`,
    };
  }
  return { cidr: { base, prefix } };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatAddress(cidr.base >>> 0)}/${cidr.prefix}`;
}

const RFC1918: readonly Cidr[] = [
  { base: 0x0a000000, prefix: 8 }, // 10.0.0.0/8
  { base: 0xac100000, prefix: 12 }, // 172.16.0.0/12
  { base: 0xc0a80000, prefix: 16 }, // 192.168.0.0/16
];

/** True when the block lies wholly inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918). */
export function isRfc1918(cidr: Cidr): boolean {
  return RFC1918.some((range) => cidrContains(range, cidr));
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  // Interval test on [base, last]; avoids masks entirely.
  return a.base <= lastOf(b) && b.base <= lastOf(a);
}

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return outer.prefix <= inner.prefix && outer.base <= inner.base && lastOf(inner) <= lastOf(outer);
}

/**
 * Number of addresses AWS leaves usable in a subnet of this size
 * (2^(32-prefix) - 5: AWS reserves 5 per subnet). Clamped at 0 for blocks
 * smaller than AWS allows (/29../32) so callers never see negative capacity.
 */
export function usableAddresses(prefix: number): number {
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
    throw new RangeError(`prefix length must be an integer 0-32, got ${prefix}`);
  }
  return Math.max(0, sizeOf(prefix) - 5);
}

/** AZs a subnet plan spans: at least two for failover, at most four slices of the VPC. */
export const PLAN_AZS = { min: 2, max: 4 } as const;
/** VPC prefix lengths a subnet plan takes: /16 is the largest VPC AWS allows; below /20 public subnets shrink under /25. */
export const VPC_PREFIX = { min: 16, max: 20 } as const;

export interface SubnetLayout {
  /** One CIDR per AZ, in AZ order. */
  public: string[];
  private: string[];
  isolated: string[];
  /** Prefix length of each tier's subnets. */
  prefixes: { public: number; private: number; isolated: number };
}

/**
 * Splits the VPC into equal per-AZ slices (slice prefix = vpcPrefix + ceil(log2(azCount))),
 * and within each slice: private = first half (slice+1; awsvpc gives each Fargate task an
 * ENI, so tasks need the most addresses), isolated = the next quarter (slice+2, data stores),
 * public = the next eighth (slice+3, ALB and NAT only); the last eighth stays free for later
 * tiers. azCount must be 2..4 and the VPC prefix 16..20 (/16 is the largest VPC AWS allows;
 * a VPC smaller than /20 would leave 3-4 AZ plans with public subnets under /25).
 *
 * Example: "10.10.0.0/16", 3 AZs -> slices /18 (the 4th slice is unused):
 * private 10.10.0.0/19, 10.10.64.0/19, 10.10.128.0/19; isolated 10.10.32.0/20, ...;
 * public 10.10.48.0/21, ...
 */
export function planSubnets(vpcCidr: string, azCount: number): SubnetLayout {
  const parsed = parseCidr(vpcCidr);
  if ("error" in parsed) {
    throw new Error(`planSubnets: invalid VPC CIDR: ${parsed.error}`);
  }
  const vpc = parsed.cidr;
  if (!Number.isInteger(azCount) || azCount < PLAN_AZS.min || azCount > PLAN_AZS.max) {
    throw new Error(`planSubnets: azCount must be an integer from ${PLAN_AZS.min} to ${PLAN_AZS.max}, got ${azCount}`);
  }
  if (vpc.prefix < VPC_PREFIX.min || vpc.prefix > VPC_PREFIX.max) {
    throw new Error(
      `planSubnets: VPC prefix length must be /${VPC_PREFIX.min} to /${VPC_PREFIX.max}, got "${formatCidr(vpc)}" (/${vpc.prefix})`,
    );
  }

  // Equal power-of-two slices keep every subnet aligned on its own boundary.
  const slicePrefix = vpc.prefix + Math.ceil(Math.log2(azCount));
  const sliceSize = sizeOf(slicePrefix);
  const half = sliceSize / 2;
  const quarter = sliceSize / 4;

  const layout: SubnetLayout = {
    public: [],
    private: [],
    isolated: [],
    prefixes: {
      private: slicePrefix + 1,
      isolated: slicePrefix + 2,
      public: slicePrefix + 3,
    },
  };
  for (let i = 0; i < azCount; i++) {
    // Plain addition: bases stay well below 2^32 since they lie inside the VPC.
    const sliceBase = vpc.base + i * sliceSize;
    layout.private.push(formatCidr({ base: sliceBase, prefix: slicePrefix + 1 }));
    layout.isolated.push(formatCidr({ base: sliceBase + half, prefix: slicePrefix + 2 }));
    layout.public.push(formatCidr({ base: sliceBase + half + quarter, prefix: slicePrefix + 3 }));
  }
  return layout;
}

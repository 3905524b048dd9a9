import { strict as assert } from "node:assert";
import {
  Cidr,
  cidrContains,
  cidrsOverlap,
  formatCidr,
  isRfc1918,
  parseCidr,
  planSubnets,
  usableAddresses,
} from "../network/cidr";

/** Parses or fails the test with the parser's message. */
function cidr(text: string): Cidr {
  const r = parseCidr(text);
  if ("error" in r) {
    assert.fail(`expected ${text} to parse, got error: ${r.error}`);
  }
  return r.cidr;
}

/** Parses expecting an error, and returns the message. */
function parseError(text: string): string {
  const r = parseCidr(text);
  if (!("error" in r)) {
    assert.fail(`expected ${JSON.stringify(text)} to be rejected, parsed as ${formatCidr(r.cidr)}`);
  }
  return r.error;
}

describe("parseCidr", () => {
  it("parses valid blocks to unsigned base and prefix", () => {
    assert.deepEqual(cidr("10.20.0.0/16"), { base: 0x0a140000, prefix: 16 });
    assert.deepEqual(cidr("0.0.0.0/0"), { base: 0, prefix: 0 });
    assert.deepEqual(cidr("192.168.1.0/24"), { base: 0xc0a80100, prefix: 24 });
    // Top bit set must stay positive (no signed 32-bit wraparound).
    assert.deepEqual(cidr("255.255.255.255/32"), {
      base: 0xffffffff,
      prefix: 32,
    });
    assert.deepEqual(cidr("128.0.0.0/1"), { base: 0x80000000, prefix: 1 });
    assert.deepEqual(cidr("10.0.0.1/32"), { base: 0x0a000001, prefix: 32 });
  });

  const bad: Array<[string, RegExp]> = [
    ["10.0.0.256/24", /octet 256 is out of range \(each octet must be 0-255\)/],
    ["300.1.1.0/24", /octet 300 is out of range/],
    ["10.0.0/16", /four dot-separated octets/],
    ["10.0.0.0", /"\/" and a prefix length 0-32/],
    ["10.0.0.0/33", /prefix length \/33 is out of range \(must be 0-32\)/],
    ["10.0.0.0/-1", /prefix length 0-32/],
    [" 10.0.0.0/16", /got " 10\.0\.0\.0\/16"/],
    ["x10.0.0.0/16", /got "x10\.0\.0\.0\/16"/],
    ["10.0.0.0/16 ", /got "10\.0\.0\.0\/16 "/],
    ["10.0.0.0.0/16", /four dot-separated octets/],
    ["10.a.0.0/16", /four dot-separated octets/],
    ["", /got ""/],
    ["010.0.0.0/16", /leading zero/],
    ["10.0.0.0/08", /prefix length "\/08" has a leading zero/],
    ["10.0.0.0/016", /prefix length 0-32/],
    ["10.0.0.1/16", /no host bits set.*did you mean "10\.0\.0\.0\/16"/],
    ["192.168.1.77/24", /did you mean "192\.168\.1\.0\/24"/],
    ["255.255.255.255/1", /did you mean "128\.0\.0\.0\/1"/],
    ["10.0.0.0/0", /did you mean "0\.0\.0\.0\/0"/],
  ];
  for (const [input, pattern] of bad) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      const msg = parseError(input);
      assert.match(msg, /expected an IPv4 CIDR block like "10\.20\.0\.0\/16"/);
      assert.match(msg, pattern);
    });
  }

  it("never throws, even for non-string input from untyped config", () => {
    const r = parseCidr(undefined as unknown as string);
    assert.ok("error" in r);
  });
});

describe("formatCidr", () => {
  for (const text of [
    "0.0.0.0/0",
    "10.20.0.0/16",
    "172.16.0.0/12",
    "192.168.255.0/24",
    "255.255.255.255/32",
    "128.0.0.0/1",
  ]) {
    it(`round-trips ${text}`, () => {
      assert.equal(formatCidr(cidr(text)), text);
    });
  }
});

describe("isRfc1918", () => {
  const cases: Array<[string, boolean]> = [
    ["10.0.0.0/8", true],
    ["10.10.0.0/16", true],
    ["10.255.255.0/24", true],
    ["172.16.0.0/12", true],
    ["172.31.0.0/16", true],
    ["192.168.0.0/16", true],
    ["192.168.10.0/24", true],
    ["10.0.0.0/7", false],
    ["172.15.0.0/16", false],
    ["172.32.0.0/16", false],
    ["172.0.0.0/11", false],
    ["192.168.0.0/15", false],
    ["192.169.0.0/16", false],
    ["11.0.0.0/16", false],
    ["0.0.0.0/0", false],
    ["100.64.0.0/10", false],
  ];
  for (const [text, expected] of cases) {
    it(`${text} -> ${expected}`, () => {
      assert.equal(isRfc1918(cidr(text)), expected);
    });
  }
});

describe("cidrsOverlap / cidrContains", () => {
  const overlapCases: Array<[string, string, boolean]> = [
    ["10.0.0.0/16", "10.0.0.0/16", true], // identical
    ["10.0.0.0/16", "10.0.128.0/24", true], // nested
    ["10.0.0.0/8", "10.255.255.255/32", true], // nested at the top edge
    ["0.0.0.0/0", "192.168.0.0/16", true], // everything
    ["10.0.0.0/16", "10.1.0.0/16", false], // adjacent
    ["10.0.0.0/17", "10.0.128.0/17", false], // adjacent halves
    ["10.0.255.0/24", "10.1.0.0/24", false], // adjacent across a /16 boundary
    ["10.0.0.0/16", "192.168.0.0/16", false], // disjoint
    ["255.255.255.254/32", "255.255.255.255/32", false], // adjacent at the top of the space
  ];
  for (const [a, b, expected] of overlapCases) {
    it(`overlap ${a} / ${b} -> ${expected} (both orders)`, () => {
      assert.equal(cidrsOverlap(cidr(a), cidr(b)), expected);
      assert.equal(cidrsOverlap(cidr(b), cidr(a)), expected);
    });
  }

  it("containment is directional and inclusive", () => {
    assert.equal(cidrContains(cidr("10.0.0.0/16"), cidr("10.0.128.0/24")), true);
    assert.equal(cidrContains(cidr("10.0.128.0/24"), cidr("10.0.0.0/16")), false);
    assert.equal(cidrContains(cidr("10.0.0.0/16"), cidr("10.0.0.0/16")), true);
    assert.equal(cidrContains(cidr("10.0.0.0/16"), cidr("10.1.0.0/24")), false);
    assert.equal(cidrContains(cidr("0.0.0.0/0"), cidr("255.255.255.255/32")), true);
    assert.equal(cidrContains(cidr("10.0.0.0/17"), cidr("10.0.0.0/16")), false);
  });
});

describe("usableAddresses", () => {
  it("subtracts the 5 AWS-reserved addresses", () => {
    assert.equal(usableAddresses(24), 251);
    assert.equal(usableAddresses(28), 11);
    assert.equal(usableAddresses(19), 8187);
    assert.equal(usableAddresses(16), 65531);
    assert.equal(usableAddresses(0), 2 ** 32 - 5);
  });
});

describe("planSubnets", () => {
  it("matches the documented example for 10.10.0.0/16 across 3 AZs", () => {
    assert.deepEqual(planSubnets("10.10.0.0/16", 3), {
      private: ["10.10.0.0/19", "10.10.64.0/19", "10.10.128.0/19"],
      isolated: ["10.10.32.0/20", "10.10.96.0/20", "10.10.160.0/20"],
      public: ["10.10.48.0/21", "10.10.112.0/21", "10.10.176.0/21"],
      prefixes: { private: 19, isolated: 20, public: 21 },
    });
  });

  it("uses /17 slices for 2 AZs", () => {
    assert.deepEqual(planSubnets("10.0.0.0/16", 2), {
      private: ["10.0.0.0/18", "10.0.128.0/18"],
      isolated: ["10.0.64.0/19", "10.0.192.0/19"],
      public: ["10.0.96.0/20", "10.0.224.0/20"],
      prefixes: { private: 18, isolated: 19, public: 20 },
    });
  });

  it("handles a VPC in the top half of the address space without sign errors", () => {
    const layout = planSubnets("192.168.16.0/20", 4);
    assert.deepEqual(layout.private, ["192.168.16.0/23", "192.168.20.0/23", "192.168.24.0/23", "192.168.28.0/23"]);
    assert.deepEqual(layout.public, ["192.168.19.0/25", "192.168.23.0/25", "192.168.27.0/25", "192.168.31.0/25"]);
  });

  for (let vpcPrefix = 16; vpcPrefix <= 20; vpcPrefix++) {
    for (let azCount = 2; azCount <= 4; azCount++) {
      it(`/${vpcPrefix} with ${azCount} AZs: subnets inside the VPC, disjoint, sized as described`, () => {
        const vpcText = `10.64.0.0/${vpcPrefix}`;
        const vpc = cidr(vpcText);
        const layout = planSubnets(vpcText, azCount);
        const slice = vpcPrefix + Math.ceil(Math.log2(azCount));
        assert.deepEqual(layout.prefixes, {
          private: slice + 1,
          isolated: slice + 2,
          public: slice + 3,
        });

        const all: Array<{ name: string; c: Cidr }> = [];
        for (const tier of ["public", "private", "isolated"] as const) {
          assert.equal(layout[tier].length, azCount, `${tier} has one subnet per AZ`);
          layout[tier].forEach((text, i) => {
            const c = cidr(text); // also proves each one is a well-formed, aligned block
            assert.equal(c.prefix, layout.prefixes[tier], `${tier}[${i}] prefix`);
            assert.ok(cidrContains(vpc, c), `${tier}[${i}] ${text} inside ${vpcText}`);
            all.push({ name: `${tier}[${i}] ${text}`, c });
          });
        }
        for (let i = 0; i < all.length; i++) {
          for (let j = i + 1; j < all.length; j++) {
            assert.ok(!cidrsOverlap(all[i].c, all[j].c), `${all[i].name} overlaps ${all[j].name}`);
          }
        }
        // Private gets the largest share, public the smallest.
        assert.ok(usableAddresses(layout.prefixes.private) > usableAddresses(layout.prefixes.isolated));
        assert.ok(usableAddresses(layout.prefixes.isolated) > usableAddresses(layout.prefixes.public));
      });
    }
  }

  it("rejects azCount 1 and 5", () => {
    assert.throws(() => planSubnets("10.0.0.0/16", 1), /azCount must be an integer from 2 to 4, got 1/);
    assert.throws(() => planSubnets("10.0.0.0/16", 5), /azCount must be an integer from 2 to 4, got 5/);
    assert.throws(() => planSubnets("10.0.0.0/16", 2.5), /azCount/);
  });

  it("rejects VPC prefixes /15 and /21", () => {
    assert.throws(() => planSubnets("10.0.0.0/15", 3), /VPC prefix length must be \/16 to \/20.*\/15/);
    assert.throws(() => planSubnets("10.0.0.0/21", 3), /VPC prefix length must be \/16 to \/20.*\/21/);
  });

  it("rejects an unparseable VPC CIDR with the parser's message", () => {
    assert.throws(() => planSubnets("10.0.0.1/16", 3), /invalid VPC CIDR.*did you mean "10\.0\.0\.0\/16"/);
  });
});

import { strict as assert } from "node:assert";
import {
  ALL_METHODS,
  CacheBehaviourSpec,
  DEFAULT_BEHAVIOUR,
  ORDERED_BEHAVIOURS,
  allBehaviours,
  behaviourProblems,
  catalogTtls,
} from "../components/edge/cache-behaviours";

/** Methods that change state (RFC 9110's unsafe methods CloudFront forwards). */
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Whether a CloudFront path pattern (`*` any run of characters, `?` one, case-sensitive) matches a path. */
function patternMatches(pattern: string, path: string): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`).test(path);
}

/** The behaviour CloudFront picks for a path: the first ordered match, else the default. */
function behaviourFor(path: string): CacheBehaviourSpec {
  return ORDERED_BEHAVIOURS.find((b) => patternMatches(b.pathPattern, path)) ?? DEFAULT_BEHAVIOUR;
}

describe("edge cache behaviours (pure)", () => {
  it("never caches a behaviour that allows a write method", () => {
    const writers = allBehaviours().filter((b) => b.allowedMethods.some((m) => WRITES.has(m)));
    assert.ok(writers.length >= 4, "cart, checkout, account and the default accept writes");
    for (const b of writers) assert.equal(b.cache, "disabled", `${b.pathPattern} allows writes`);
  });

  it("routes each kind of request to the caching it needs (first match wins)", () => {
    const cases: [string, CacheBehaviourSpec["cache"], CacheBehaviourSpec["target"]][] = [
      ["/api/catalog/shoes", "catalog", "api"],
      ["/api/products/123", "catalog", "api"],
      // The default write paths go to the primary cell.
      ["/api/cart", "disabled", "writer"],
      ["/api/cart/items/9", "disabled", "writer"],
      ["/api/checkout/pay", "disabled", "writer"],
      ["/api/account", "disabled", "writer"],
      ["/api/orders/42", "disabled", "api"],
      ["/healthz", "disabled", "api"],
      ["/media/products/123/main.jpg", "long", "media"],
      ["/static/app.3f2a1b.js", "long", "api"],
      // Case matters to CloudFront: an upper-case path is not the catalog.
      ["/API/catalog/shoes", "disabled", "api"],
    ];
    for (const [path, cache, target] of cases) {
      const chosen = behaviourFor(path);
      assert.deepEqual([chosen.cache, chosen.target], [cache, target], path);
    }
  });

  it("lets catalog reads use GET, HEAD and OPTIONS only, and cache GET and HEAD", () => {
    for (const path of ["/api/catalog/x", "/api/products/x"]) {
      const b = behaviourFor(path);
      assert.deepEqual([...b.allowedMethods].sort(), ["GET", "HEAD", "OPTIONS"]);
      assert.deepEqual([...b.cachedMethods].sort(), ["GET", "HEAD"]);
      assert.equal(b.forwardAllViewerValues, false, "no cookies reach a cached catalog response");
    }
  });

  it("gives the cart, checkout, account and every other API path all seven methods and the viewer's whole request", () => {
    for (const path of ["/api/cart", "/api/checkout", "/api/account/orders", "/api/anything"]) {
      const b = behaviourFor(path);
      assert.deepEqual([...b.allowedMethods].sort(), ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);
      assert.equal(b.forwardAllViewerValues, true, path);
    }
  });

  it("serves media and static files read-only, cached long and compressed", () => {
    for (const path of ["/media/a.png", "/static/a.css"]) {
      const b = behaviourFor(path);
      assert.deepEqual([...b.allowedMethods].sort(), ["GET", "HEAD"]);
      assert.equal(b.cache, "long");
      assert.equal(b.compress, true);
    }
  });

  it("has no problems as defined, and the default behaviour comes last", () => {
    assert.deepEqual(behaviourProblems(allBehaviours()), []);
    assert.equal(allBehaviours().at(-1)?.pathPattern, "*");
  });

  describe("behaviourProblems catches", () => {
    const base: CacheBehaviourSpec = { ...behaviourFor("/api/catalog/x"), pathPattern: "/x/*" };
    const check = (broken: CacheBehaviourSpec, expected: RegExp) =>
      assert.match(behaviourProblems([broken, DEFAULT_BEHAVIOUR]).join("\n"), expected);

    it("a write method on a cached path", () => {
      check({ ...base, allowedMethods: ALL_METHODS }, /allows DELETE, PATCH, POST, PUT but caches \(catalog\)/);
    });
    it("writes sent to the media origin group, which fails over reads only", () => {
      check({ ...base, target: "media", cache: "disabled", allowedMethods: ALL_METHODS }, /media origin group/);
    });
    it("a method set CloudFront refuses, and a cached method that is not allowed", () => {
      check({ ...base, allowedMethods: ["GET", "POST"] }, /a method set CloudFront does not accept/);
      check(
        { ...base, allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD", "OPTIONS"] },
        /caches OPTIONS without allowing it/,
      );
    });
    it("an uncached API path that drops the viewer's cookies, and a cached one that forwards them", () => {
      check({ ...base, cache: "disabled" }, /does not forward the viewer's headers/);
      check({ ...base, forwardAllViewerValues: true }, /caches yet forwards every cookie/);
    });
    it("a writer behaviour that caches or takes reads only, and one an earlier behaviour shadows", () => {
      const writer: CacheBehaviourSpec = { ...behaviourFor("/api/cart"), pathPattern: "/api/orders*" };
      check({ ...writer, cache: "catalog", forwardAllViewerValues: false }, /goes to the writer origin/);
      check({ ...writer, allowedMethods: ["GET", "HEAD"] }, /goes to the writer origin/);
      assert.match(
        behaviourProblems([base, { ...writer, pathPattern: "/x/orders*" }, DEFAULT_BEHAVIOUR]).join("\n"),
        /"\/x\/orders\*" is shadowed by the earlier behaviour "\/x\/\*"/,
      );
    });
    it("a repeated path pattern and a misplaced default", () => {
      assert.match(behaviourProblems([base, base, DEFAULT_BEHAVIOUR]).join("\n"), /defined twice/);
      assert.match(behaviourProblems([DEFAULT_BEHAVIOUR, base]).join("\n"), /must be the last one/);
    });
  });

  describe("catalog TTLs", () => {
    it("start at 0 (the origin's no-store wins), default to the configured seconds and stop at a few minutes", () => {
      assert.deepEqual(catalogTtls(45), { minTtl: 0, defaultTtl: 45, maxTtl: 300 });
      assert.deepEqual(catalogTtls(300), { minTtl: 0, defaultTtl: 300, maxTtl: 300 });
    });

    it("refuse a default of 0, above the maximum, or a fraction", () => {
      for (const bad of [0, 301, 1.5]) {
        assert.throws(
          () => catalogTtls(bad),
          new RegExp(`catalogCacheSeconds must be a whole number from 1 to 300, got ${bad}`),
        );
      }
    });
  });
});

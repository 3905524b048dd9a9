import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import {
  ExternalSystem,
  externalSystemProblems,
  ExternalSystems,
  externalSystemVariables,
} from "../components/jobs/external-systems";
import { resolve } from "./support/evaluate";
import { MockCloud } from "../offline/mock-cloud";

const SECRET = "aws:secretsmanager/secret:Secret";
const CELL_KEY = "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-cell";
const SYSTEMS: ExternalSystem[] = [
  {
    name: "supplier-feed",
    baseUrl: "https://catalog.supplier.example.com/api/v2",
    secretName: "storefront/external/supplier-feed",
  },
  {
    name: "marketplace",
    baseUrl: "https://api.marketplace.example.net/products",
    secretName: "storefront/external/marketplace",
  },
];

describe("external systems: variable names (pure)", () => {
  it("names a system's variables EXTERNAL_<NAME>_URL and _CREDENTIALS, '-' becoming '_'", () => {
    assert.deepEqual(externalSystemVariables("supplier-feed"), {
      url: "EXTERNAL_SUPPLIER_FEED_URL",
      credentials: "EXTERNAL_SUPPLIER_FEED_CREDENTIALS",
    });
    assert.deepEqual(externalSystemVariables("erp2"), {
      url: "EXTERNAL_ERP2_URL",
      credentials: "EXTERNAL_ERP2_CREDENTIALS",
    });
  });

  it("refuses a name that would not give a valid, unambiguous variable name", () => {
    for (const bad of ["Supplier", "supplier_feed", "2erp", "", "a".repeat(33), "feed.v2", "feed-"]) {
      assert.throws(() => externalSystemVariables(bad), /must be 1-32 of a-z, 0-9 and -/, bad);
    }
  });

  it("accepts the configured shape without problems", () => {
    assert.deepEqual(externalSystemProblems(SYSTEMS), []);
  });
});

describe("ExternalSystems", () => {
  const cloud = new MockCloud();
  let component: ExternalSystems;
  let environment: Record<string, string>;
  let secrets: { name: string; valueFrom: string }[];
  let secretArns: string[];
  let subset: { environment: Record<string, string>; secrets: { name: string; valueFrom: string }[]; arns: string[] };

  before(async () => {
    await cloud.install("external-systems");
    const provider = new aws.Provider("us-east-1", { region: "us-east-1" });
    component = new ExternalSystems("external", { systems: SYSTEMS, kmsKeyId: CELL_KEY }, { providers: [provider] });
    environment = component.environment;
    secrets = await resolve(component.secrets);
    secretArns = await resolve(component.secretArns);
    const picked = component.forSystems(["marketplace"]);
    subset = {
      environment: picked.environment,
      secrets: await resolve(picked.secrets),
      arns: await resolve(picked.secretArns),
    };
    // Every registration has reached the mocks before anything is counted.
    await pulumi.runtime.disconnect();
  });

  const secretOf = (system: ExternalSystem) => cloud.one(SECRET, `-${system.name}`);

  it("creates exactly one secret per system, named as configured, in the cell's region", () => {
    assert.equal(cloud.ofType(SECRET).length, SYSTEMS.length);
    for (const system of SYSTEMS) {
      const secret = secretOf(system);
      assert.equal(secret.inputs.name, system.secretName);
      assert.equal(secret.parentType, "storefront:jobs:ExternalSystems");
      assert.equal(secret.region, "us-east-1");
    }
  });

  it("encrypts every secret with the cell key and keeps it 30 days after deletion", () => {
    for (const system of SYSTEMS) {
      assert.equal(secretOf(system).inputs.kmsKeyId, CELL_KEY);
      assert.equal(secretOf(system).inputs.recoveryWindowInDays, 30);
    }
  });

  it("creates no secret value anywhere: operators fill it, so it never passes through config or state", () => {
    assert.equal(cloud.ofType("aws:secretsmanager/secretVersion:SecretVersion").length, 0);
    assert.deepEqual(
      cloud.resources.filter((r) => "secretString" in r.inputs || "secretBinary" in r.inputs).map((r) => r.name),
      [],
    );
  });

  it("protects every secret: a replacement or deletion would throw the operator's value away", () => {
    for (const system of SYSTEMS) assert.equal(secretOf(system).protect, true, system.name);
  });

  it("tells operators in the description what goes in the secret and how to put it there", () => {
    for (const system of SYSTEMS) {
      const description: string = secretOf(system).inputs.description;
      assert.ok(description.includes(system.baseUrl), description);
      assert.ok(description.includes(`put-secret-value --secret-id ${system.secretName}`), description);
    }
  });

  it("gives a job each system's base URL as plain environment and its credentials as an ECS secret", () => {
    const expectedEnvironment = Object.fromEntries(
      SYSTEMS.map((system) => [externalSystemVariables(system.name).url, system.baseUrl]),
    );
    assert.deepEqual(environment, expectedEnvironment);
    // The whole secret string, by the ARN of the secret that was created for the system.
    const expectedSecrets = SYSTEMS.map((system) => ({
      name: externalSystemVariables(system.name).credentials,
      valueFrom: secretOf(system).state.arn,
    }));
    assert.deepEqual(secrets, expectedSecrets);
    assert.deepEqual(
      secretArns,
      SYSTEMS.map((system) => secretOf(system).state.arn),
    );
    // No credentials among the plain values (ECS.8).
    assert.ok(Object.keys(environment).every((key) => !key.endsWith("_CREDENTIALS")));
  });

  it("gives a job that uses some systems exactly those systems' variables and secrets", () => {
    const marketplace = SYSTEMS[1];
    const variables = externalSystemVariables(marketplace.name);
    assert.deepEqual(subset.environment, { [variables.url]: marketplace.baseUrl });
    assert.deepEqual(subset.secrets, [{ name: variables.credentials, valueFrom: secretOf(marketplace).state.arn }]);
    assert.deepEqual(subset.arns, [secretOf(marketplace).state.arn]);
    assert.throws(() => component.forSystems(["erp"]), /no system named erp; known: supplier-feed, marketplace/);
  });
});

describe("ExternalSystems guard clauses", () => {
  const cloud = new MockCloud();
  before(async () => {
    await cloud.install("external-systems-guards");
  });
  after(async () => {
    await pulumi.runtime.disconnect();
  });

  const build = (systems: ExternalSystem[]) => () => new ExternalSystems("bad", { systems, kmsKeyId: CELL_KEY });
  const [feed, market] = SYSTEMS;

  it("refuses a base URL that is not https:// (credentials would cross the internet in clear text)", () => {
    assert.throws(
      build([{ ...feed, baseUrl: "http://catalog.supplier.example.com/api" }]),
      /ExternalSystems bad: .*external system "supplier-feed": baseUrl "http:\/\/catalog\.supplier\.example\.com\/api" must use https:\/\//s,
    );
    assert.throws(build([{ ...feed, baseUrl: "catalog.supplier.example.com" }]), /must be an absolute URL/);
  });

  it("refuses credentials embedded in the base URL: it is plain environment", () => {
    assert.throws(
      build([{ ...feed, baseUrl: "https://user:pw@catalog.supplier.example.com/api" }]),
      /external system "supplier-feed": baseUrl .* must not carry credentials/,
    );
  });

  it("refuses repeated names and repeated secret names", () => {
    assert.throws(build([feed, { ...market, name: feed.name }]), /external systems repeat a name: supplier-feed/);
    assert.throws(
      build([feed, { ...market, secretName: feed.secretName }]),
      /external systems repeat a secretName: storefront\/external\/supplier-feed/,
    );
  });

  it("refuses a name the config would refuse and a secret name Secrets Manager refuses", () => {
    assert.throws(
      build([{ ...feed, name: "Supplier_Feed" }]),
      /external system "Supplier_Feed": name must be 1-32 of a-z/,
    );
    assert.throws(build([{ ...feed, name: "supplier-" }]), /external system "supplier-": name must be 1-32 of a-z/);
    assert.throws(
      build([{ ...feed, secretName: "storefront external" }]),
      /external system "supplier-feed": secretName "storefront external" must be 1-512 of letters/,
    );
  });
});

/**
 * Stack policies decide in a preview for resources still to be created. Such a resource's
 * id and ARN are unknown until AWS returns them, and so is every companion input taken from
 * them (a BucketPublicAccessBlock's `bucket`, a FlowLog's `vpcId`); the engine still tells
 * which resource each input came from, by URN (propertyDependencies). Each case below takes
 * a policy's compliant resources, makes the link and the target's identifiers unknown, and
 * expects: a pass with the dependency recorded, a real violation once the companion is gone,
 * and "can't run during preview" without the dependency (only the URN decides).
 */
import { strict as assert } from "node:assert";
import { guardrails, packPolicies } from "../policy/policies";
import { POLICY_CASES } from "./fixtures/planted";
import {
  engineProps,
  HarnessResource,
  outputsOf,
  PolicyFinding,
  runPolicy,
  unknownLike,
} from "./support/policy-harness";

/** Outputs a resource is referred to by, all unknown until the resource exists. */
const IDENTIFIER_OUTPUTS = ["id", "arn", "bucket", "vpcId", "zoneId"];

/** [policy, companion type, the companion's input that names its resource]. */
const LINKS: [policy: string, companion: string, input: string][] = [
  ["s3-public-access-blocked", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "bucket"],
  ["s3-access-logging", "aws:s3/bucketLogging:BucketLogging", "bucket"],
  ["s3-bucket-owner-enforced", "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "bucket"],
  ["s3-lifecycle-rules", "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "bucket"],
  ["vpc-flow-logs", "aws:ec2/flowLog:FlowLog", "vpcId"],
  ["vpc-default-security-group-closed", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "vpcId"],
  ["secretsmanager-rotation", "aws:secretsmanager/secretRotation:SecretRotation", "secretId"],
  ["route53-query-logging", "aws:route53/queryLog:QueryLog", "zoneId"],
  ["cloudfront-access-logging", "aws:cloudwatch/logDeliverySource:LogDeliverySource", "resourceArn"],
  ["security-group-no-open-ingress", "aws:lb/listener:Listener", "loadBalancerArn"],
];

const policyNamed = (name: string) => packPolicies().find((policy) => policy.name === name)!;

/** The resource of a type the policy checks, other than the companions, whose identifier outputs hold `value`. */
function target(name: string, resources: HarnessResource[], companionType: string, value: unknown): HarnessResource {
  const types: readonly string[] = guardrails.find((policy) => policy.name === name)!.resourceTypes ?? [];
  const found = resources.filter(
    (r) =>
      r.type !== companionType &&
      types.includes(r.type) &&
      IDENTIFIER_OUTPUTS.some((key) => outputsOf(r)[key] === value),
  );
  assert.equal(found.length, 1, `one resource is referred to as ${String(value)}`);
  return found[0];
}

describe("policy pack: stack policies decide in a preview through property dependencies", () => {
  for (const [name, companionType, input] of LINKS) {
    it(`${name}: ${companionType.split(":").pop()}.${input} unknown`, async () => {
      const { compliant, config } = POLICY_CASES[name];
      const companions = compliant.filter((r) => r.type === companionType);
      assert.ok(companions.length > 0, `the compliant case of ${name} has a ${companionType}`);
      const targets = companions.map((c) => target(name, compliant, companionType, c.inputs[input]));

      const unknown = new Map<HarnessResource, string[]>([
        ...targets.map((t): [HarnessResource, string[]] => [t, IDENTIFIER_OUTPUTS]),
        ...companions.map((c): [HarnessResource, string[]] => [c, [input]]),
      ]);
      const inPreview = (resource: HarnessResource) => {
        const props = outputsOf(resource);
        for (const key of unknown.get(resource) ?? []) if (key in props) props[key] = unknownLike(props[key]);
        return engineProps(props);
      };
      const linked = (resources: HarnessResource[]) =>
        resources.map((r) => {
          const i = companions.indexOf(r);
          return i < 0 ? r : { ...r, propertyDependencies: { [input]: [targets[i].urn] } };
        });
      const run = (resources: HarnessResource[]): Promise<PolicyFinding[]> =>
        runPolicy(policyNamed(name), resources, { config, propsOf: inPreview });

      assert.deepEqual(await run(linked(compliant)), [], "passes: the dependency names the resource");

      const withoutCompanion = await run(compliant.filter((r) => !companions.includes(r)));
      assert.ok(withoutCompanion.length > 0, "fires without the companion");
      for (const finding of withoutCompanion) {
        // A bucket without logging passes only as a log destination, known by its name: undecided, never passed.
        const decides = name !== "s3-access-logging";
        assert.equal(finding.unknown, decides ? undefined : true, finding.message);
      }

      const unlinked = await run(compliant);
      assert.ok(
        unlinked.length > 0 && unlinked.every((finding) => finding.unknown),
        `without the dependency it cannot run: ${JSON.stringify(unlinked)}`,
      );
    });
  }
});

describe("policy pack: a listener rule in a preview belongs to the listener its ARN came from", () => {
  const { compliant } = POLICY_CASES["elb-http-only-redirects"];
  const listener = (port: number) =>
    compliant.find((r) => r.type === "aws:lb/listener:Listener" && r.inputs.port === port)!;
  const rule = compliant.find((r) => r.type === "aws:lb/listenerRule:ListenerRule")!;
  const inPreview = (resource: HarnessResource) => {
    const props = outputsOf(resource);
    const keys = resource.urn === rule.urn ? ["listenerArn"] : ["id", "arn"];
    for (const key of keys) if (key in props) props[key] = unknownLike(props[key]);
    return engineProps(props);
  };
  const run = (ruleOn: HarnessResource | undefined) =>
    runPolicy(
      policyNamed("elb-http-only-redirects"),
      compliant.map((r) => (r === rule && ruleOn ? { ...r, propertyDependencies: { listenerArn: [ruleOn.urn] } } : r)),
      { propsOf: inPreview },
    );

  it("passes a forwarding rule on the HTTPS listener, fires on one on port 80, cannot run without the dependency", async () => {
    assert.deepEqual(await run(listener(443)), []);
    const onHttp = await run(listener(80));
    assert.equal(onHttp.length, 1);
    assert.equal(onHttp[0].unknown, undefined, onHttp[0].message);
    assert.ok((await run(undefined)).every((finding) => finding.unknown));
    assert.equal((await run(undefined)).length, 1);
  });
});

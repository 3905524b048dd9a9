import { strict as assert } from "node:assert";
import { ALB_TLS_POLICY, CLOUDFRONT_ORIGIN_PREFIX_LIST } from "../components/cell/ingress";
import { ORIGIN_VERIFY_HEADER } from "../components/common/origin-verify";
import { writerHostName } from "../components/edge/host-names";
import { elbLogDeliveryPrincipal } from "../components/cell/elb-log-principal";
import { isSecretInput, reveal } from "../offline/recorded-values";
import { cellConfigOf, cellStacks, StackEvaluation, stackSuite } from "./support/evaluate";

/** The regional ELB log-delivery accounts, from the AWS documentation. */
const ELB_LOG_ACCOUNT: Record<string, string> = { "us-east-1": "127311923021", "eu-west-1": "156460612806" };

describe("cell ingress", () => {
  const suite = stackSuite();

  suite.eachStack(({ stack, cloud, config }) => {
    it("runs an internet-facing ALB in the public subnets that drops invalid headers and refuses deletion", () => {
      const alb = cloud().one("aws:lb/loadBalancer:LoadBalancer");
      assert.equal(alb.inputs.internal, false);
      assert.equal(alb.inputs.loadBalancerType, "application");
      assert.deepEqual(alb.inputs.subnets, cloud().one("awsx:ec2:Vpc").state.publicSubnetIds);
      assert.equal(alb.inputs.dropInvalidHeaderFields, true);
      assert.equal(alb.inputs.enableDeletionProtection, true);
      assert.equal(alb.inputs.desyncMitigationMode, "defensive");
    });

    it("writes access logs to an SSE-S3 bucket whose policy exists before the ALB", () => {
      const alb = cloud().one("aws:lb/loadBalancer:LoadBalancer");
      const bucket = cloud().one("aws:s3/bucket:Bucket", "alb-logs");
      const policy = cloud().one("aws:s3/bucketPolicy:BucketPolicy", "alb-logs");
      assert.deepEqual(alb.inputs.accessLogs, { bucket: bucket.state.bucket, enabled: true });
      assert.ok(alb.dependsOn.includes(policy.urn), "the ALB must wait for the log bucket policy");
      const encryption = cloud().one(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "alb-logs",
      );
      // ALB log delivery accepts only S3-managed keys; a KMS default silently drops the logs.
      assert.deepEqual(encryption.inputs.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    });

    it("lets only this region's ELB log-delivery account write, only under this account's prefix, and denies non-TLS", () => {
      const bucket = cloud().one("aws:s3/bucket:Bucket", "alb-logs");
      const policy = JSON.parse(cloud().one("aws:s3/bucketPolicy:BucketPolicy", "alb-logs").inputs.policy);
      const allow = policy.Statement.find((s: any) => s.Effect === "Allow");
      assert.deepEqual(allow.Principal, elbLogDeliveryPrincipal(stack));
      if (ELB_LOG_ACCOUNT[stack])
        assert.deepEqual(allow.Principal, { AWS: `arn:aws:iam::${ELB_LOG_ACCOUNT[stack]}:root` });
      assert.equal(allow.Action, "s3:PutObject");
      assert.equal(allow.Resource, `${bucket.state.arn}/AWSLogs/123456789012/*`);
      const deny = policy.Statement.find((s: any) => s.Effect === "Deny");
      assert.deepEqual(deny.Condition, { Bool: { "aws:SecureTransport": "false" } });
      assert.deepEqual(deny.Resource, [bucket.state.arn, `${bucket.state.arn}/*`]);
    });

    it("keeps the log bucket private, owner-enforced, expiring and protected", () => {
      const bucket = cloud().one("aws:s3/bucket:Bucket", "alb-logs");
      assert.equal(bucket.protect, true);
      assert.ok(bucket.inputs.bucketPrefix.length <= 37);
      const block = cloud().one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "alb-logs");
      for (const flag of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
        assert.equal(block.inputs[flag], true, flag);
      }
      const ownership = cloud().one("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "alb-logs");
      assert.equal(ownership.inputs.rule.objectOwnership, "BucketOwnerEnforced");
      const lifecycle = cloud().one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "alb-logs");
      assert.ok(lifecycle.inputs.rules.some((r: any) => r.expiration?.days > 0));
    });

    it("admits only CloudFront's origin-facing prefix list, in a security group of its own", () => {
      const albGroup = cloud().one("aws:ec2/securityGroup:SecurityGroup", "ingress-alb");
      const prefixList = cloud().invokes.find((i) => i.token === "aws:ec2/getManagedPrefixList:getManagedPrefixList");
      assert.equal(prefixList?.inputs.name, CLOUDFRONT_ORIGIN_PREFIX_LIST);
      const ingress = cloud()
        .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        .filter((r) => r.inputs.securityGroupId === albGroup.id);
      // Each rule naming the prefix list weighs its ~55 entries against the 60-rule
      // default quota: exactly one such rule may exist, covering both listener ports.
      assert.equal(ingress.length, 1);
      const [rule] = ingress;
      assert.deepEqual([rule.inputs.ipProtocol, rule.inputs.fromPort, rule.inputs.toPort], ["tcp", 80, 443]);
      assert.equal(rule.inputs.prefixListId, "pl-3b927c52");
      assert.equal(rule.inputs.cidrIpv4, undefined);
      assert.equal(rule.inputs.referencedSecurityGroupId, undefined);
      const listenerPorts = cloud()
        .ofType("aws:lb/listener:Listener")
        .map((l) => l.inputs.port)
        .sort((a, b) => a - b);
      assert.deepEqual(listenerPorts, [80, 443], "the 80-443 range must reach nothing but the two listeners");
      assert.deepEqual(cloud().one("aws:lb/loadBalancer:LoadBalancer").inputs.securityGroups, [albGroup.id]);
      assert.equal(albGroup.inputs.ingress, undefined, "no inline rules that would fight the rule resources");
    });

    it("answers 403 by default on HTTPS with a TLS 1.2+ policy and the validated origin certificate", () => {
      const https = cloud()
        .ofType("aws:lb/listener:Listener")
        .find((l) => l.inputs.port === 443)!;
      assert.equal(https.inputs.protocol, "HTTPS");
      assert.equal(https.inputs.sslPolicy, ALB_TLS_POLICY);
      assert.match(ALB_TLS_POLICY, /TLS13-1-2/);
      const validation = cloud().one("aws:acm/certificateValidation:CertificateValidation");
      assert.equal(https.inputs.certificateArn, validation.inputs.certificateArn);
      assert.deepEqual(https.inputs.defaultActions, [
        {
          type: "fixed-response",
          fixedResponse: { statusCode: "403", contentType: "text/plain", messageBody: "Forbidden" },
        },
      ]);
    });

    it("only redirects HTTP to HTTPS", () => {
      const listeners = cloud().ofType("aws:lb/listener:Listener");
      assert.equal(listeners.length, 2);
      const http = listeners.find((l) => l.inputs.port === 80)!;
      assert.deepEqual(http.inputs.defaultActions, [
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
      ]);
      assert.equal(
        cloud()
          .ofType("aws:lb/listenerRule:ListenerRule")
          .filter((r) => r.inputs.listenerArn === http.state.arn).length,
        0,
      );
    });

    it("forwards to the web target group only when the origin-verify header carries one of the home's two secret slots", () => {
      const home = suite.all()[0];
      assert.equal(home.outputs.isHome, true, `${home.stack} is deployed first but is not the home`);
      const slot = (name: string) => home.cloud.one("random:index/randomPassword:RandomPassword", name).state.result;
      const slots = [slot("origin-verify-secret"), slot("origin-verify-secret-b")];
      const https = cloud()
        .ofType("aws:lb/listener:Listener")
        .find((l) => l.inputs.port === 443)!;
      const rules = cloud().ofType("aws:lb/listenerRule:ListenerRule");
      assert.equal(rules.length, 1);
      const [rule] = rules;
      assert.equal(rule.inputs.listenerArn, https.state.arn);
      // Both values sit in state as a secret.
      assert.equal(isSecretInput(rule.inputs.conditions), true);
      assert.deepEqual(reveal(rule.inputs.conditions), [
        { httpHeader: { httpHeaderName: ORIGIN_VERIFY_HEADER, values: slots } },
        // Reads arrive as origin.<domain>, writes as writer.<domain>: whichever cell is primary answers both.
        { hostHeader: { values: [`origin.${config.shared.domain}`, writerHostName(config.shared.domain)] } },
      ]);
      assert.deepEqual(rule.inputs.actions, [
        { type: "forward", targetGroupArn: cloud().one("aws:lb/targetGroup:TargetGroup").state.arn },
      ]);
    });

    it("issues a DNS-validated certificate for origin.<domain> and writer.<domain> in the cell's region", () => {
      const certificate = cloud().one("aws:acm/certificate:Certificate");
      assert.equal(certificate.inputs.domainName, `origin.${config.shared.domain}`);
      assert.deepEqual(certificate.inputs.subjectAlternativeNames, [writerHostName(config.shared.domain)]);
      assert.equal(certificate.inputs.validationMethod, "DNS");
      assert.equal(certificate.region, stack);
    });

    it("writes each name's validation record so a second region's identical record overwrites, and keeps it on teardown", () => {
      const certificate = cloud().one("aws:acm/certificate:Certificate");
      const records = ["origin-cert-validation", "writer-cert-validation"].map((role) =>
        cloud().one("aws:route53/record:Record", role),
      );
      for (const record of records) {
        assert.equal(record.inputs.zoneId, config.shared.hostedZoneId);
        assert.equal(record.inputs.type, "CNAME");
        assert.equal(record.inputs.allowOverwrite, true);
        assert.equal(record.retainOnDelete, true, "deleting one cell must not break the others' certificate renewals");
      }
      // Each record is its own name's option, picked by name (ACM returns the options as a set).
      const options: { domainName: string; resourceRecordName: string }[] = certificate.state.domainValidationOptions;
      assert.deepEqual(
        records.map((record) => options.find((o) => o.resourceRecordName === record.inputs.name)?.domainName),
        [`origin.${config.shared.domain}`, writerHostName(config.shared.domain)],
      );
      const validation = cloud().one("aws:acm/certificateValidation:CertificateValidation");
      assert.deepEqual(
        validation.inputs.validationRecordFqdns,
        records.map((record) => record.state.fqdn),
      );
    });
  });

  it("every cell accepts the same two origin secret slots, read from the home's outputs, and the home exports the active one", () => {
    const cells = cellStacks().map((stack) => suite.byName(stack));
    const [home] = cells;
    assert.equal(home.outputs.isHome, true);
    const values = (s: StackEvaluation): string[] =>
      reveal(s.cloud.one("aws:lb/listenerRule:ListenerRule").inputs.conditions)[0].httpHeader.values;
    assert.equal(values(home).length, 2);
    assert.ok(values(home).every((v) => v.length >= 32));
    assert.notEqual(values(home)[0], values(home)[1]);
    assert.deepEqual(home.outputs.originVerifySecrets, values(home));
    const active = cellConfigOf(home.stack).originSecret.activeSlot;
    assert.equal(home.outputs.originVerifySecret, values(home)[active === "a" ? 0 : 1]);
    for (const joiner of cells.slice(1)) assert.deepEqual(values(joiner), values(home), joiner.stack);
  });
});

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { validationRecord } from "../common/dns-validation";
import { ORIGIN_VERIFY_HEADER } from "../common/origin-verify";
import { AccessLogBucket } from "./access-log-bucket";

/** AWS-managed prefix list of CloudFront's origin-facing addresses. */
export const CLOUDFRONT_ORIGIN_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";

/** TLS 1.3 with TLS 1.2 fallback, forward-secret ciphers only (ELB.17/18). */
export const ALB_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

export interface IngressArgs {
  /** Name prefix for physical names, e.g. the app name. */
  app: string;
  /** Region of the cell (log delivery principal, bucket name). */
  region: string;
  /** Account of the cell. */
  accountId: pulumi.Input<string>;
  /** VPC the load balancer lives in. */
  vpcId: pulumi.Input<string>;
  /** Public subnets, one per AZ (ELB.13 wants at least two AZs). */
  publicSubnetIds: pulumi.Input<string[]>;
  /** Host name CloudFront uses to reach the cells, e.g. `origin.shop.example.com`. */
  originHostName: string;
  /**
   * Host name CloudFront sends writes to, `writer.<domain>`, which resolves to the primary
   * cell. Every cell serves it (a second name on its certificate, and the listener rules
   * accept it), so whichever cell becomes the primary answers it with TLS that validates.
   */
  writerHostName: string;
  /** Hosted zone where the certificate is validated. */
  hostedZoneId: string;
  /**
   * The values of the `X-Origin-Verify` header the listener accepts: both slots of the
   * origin-verify secret, the one CloudFront sends and the other, so the secret can be
   * rotated without a moment where CloudFront sends a value the cell refuses.
   */
  originVerifySecrets: pulumi.Input<string>[];
  /**
   * Refuse deletion of the load balancer; turn off only to tear the cell down.
   */
  deletionProtection: boolean;
  /**
   * Let ARC shift the load balancer's traffic away from one Availability Zone (zonal shift
   * and zonal autoshift need it on).
   * @default false
   */
  zonalShift?: boolean;
  /**
   * Days to keep ALB access logs.
   * @default 90
   */
  accessLogRetentionDays?: number;
}

/**
 * The cell's front door: an internet-facing ALB that only CloudFront can use. Network-wise,
 * its security group admits nothing but CloudFront's origin-facing prefix list; on top of
 * that, the HTTPS listener answers 403 unless a rule sees the origin-verify header with one of
 * the secret's two slot values, so a request from another CloudFront distribution is refused
 * too. HTTP only redirects to HTTPS.
 * The certificate for the origin host name is issued in the cell's own region (an ALB can
 * only use a certificate from its region).
 *
 * Cost: about $0.0225/h plus $0.008 per LCU-hour (us-east-1), about $16/month idle; access
 * logs in S3.
 */
export class Ingress extends pulumi.ComponentResource {
  readonly loadBalancerArn: pulumi.Output<string>;
  /** Dimension value for CloudWatch metrics and `ALBRequestCountPerTarget`. */
  readonly loadBalancerArnSuffix: pulumi.Output<string>;
  readonly dnsName: pulumi.Output<string>;
  /** Hosted zone of the load balancer's DNS name, for alias records. */
  readonly zoneId: pulumi.Output<string>;
  /** Security group of the load balancer; services admit traffic from it. */
  readonly securityGroupId: pulumi.Output<string>;
  /** The HTTPS listener services attach their rules to. */
  readonly httpsListenerArn: pulumi.Output<string>;
  readonly certificateArn: pulumi.Output<string>;
  readonly accessLogBucket: pulumi.Output<string>;
  /** The access-log bucket's policy: log delivery into the bucket must wait for it. */
  readonly accessLogPolicy: pulumi.Resource;
  /**
   * Conditions every forwarding rule must carry, so only requests with the origin-verify
   * header are forwarded. Services add their own (path, host) next to these.
   */
  readonly forwardConditions: aws.types.input.lb.ListenerRuleCondition[];
  /** The host names the certificate covers and the rules accept: `origin.<domain>`, then `writer.<domain>`. */
  readonly hostNames: string[];

  constructor(name: string, args: IngressArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:cell:Ingress", name, {}, opts);
    // An ALB condition takes up to three match evaluations (values); two slots need two
    // (docs/aws-behaviours.md #37).
    if (args.originVerifySecrets.length < 1 || args.originVerifySecrets.length > 3) {
      throw new Error(
        `Ingress ${name}: originVerifySecrets must hold 1 to 3 values (an ALB condition's limit), got ${args.originVerifySecrets.length}`,
      );
    }
    const deletionProtection = args.deletionProtection;

    const certificateArn = this.createCertificate(name, [args.originHostName, args.writerHostName], args.hostedZoneId);
    const securityGroup = this.createSecurityGroup(name, args.vpcId);
    const logs = new AccessLogBucket(
      `${name}-alb-logs`,
      {
        region: args.region,
        accountId: args.accountId,
        bucketPrefix: `${args.app}-alb-${args.region}-`,
        retentionDays: args.accessLogRetentionDays,
      },
      { parent: this },
    );

    const loadBalancer = new aws.lb.LoadBalancer(
      `${name}-alb`,
      {
        loadBalancerType: "application",
        internal: false,
        securityGroups: [securityGroup.id],
        subnets: args.publicSubnetIds,
        enableDeletionProtection: deletionProtection,
        dropInvalidHeaderFields: true,
        desyncMitigationMode: "defensive",
        enableHttp2: true,
        idleTimeout: 60,
        // Zonal shift (and autoshift) needs this attribute on (docs/aws-behaviours.md #34).
        enableZonalShift: args.zonalShift ?? false,
        accessLogs: { bucket: logs.bucketName, enabled: true },
      },
      // Log delivery is checked when the ALB is created: the bucket policy must exist first.
      { parent: this, dependsOn: [logs.policy] },
    );

    const https = new aws.lb.Listener(
      `${name}-https`,
      {
        loadBalancerArn: loadBalancer.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: ALB_TLS_POLICY,
        certificateArn,
        defaultActions: [
          {
            type: "fixed-response",
            fixedResponse: { statusCode: "403", contentType: "text/plain", messageBody: "Forbidden" },
          },
        ],
      },
      { parent: this },
    );
    new aws.lb.Listener(
      `${name}-http`,
      {
        loadBalancerArn: loadBalancer.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
      },
      { parent: this },
    );

    this.loadBalancerArn = loadBalancer.arn;
    this.loadBalancerArnSuffix = loadBalancer.arnSuffix;
    this.dnsName = loadBalancer.dnsName;
    this.zoneId = loadBalancer.zoneId;
    this.securityGroupId = securityGroup.id;
    this.httpsListenerArn = https.arn;
    this.certificateArn = certificateArn;
    this.accessLogBucket = logs.bucketName;
    this.accessLogPolicy = logs.policy;
    this.hostNames = [args.originHostName, args.writerHostName];
    // Four condition values of the five a rule may hold: the two secret slots and the two host names.
    this.forwardConditions = [
      { httpHeader: { httpHeaderName: ORIGIN_VERIFY_HEADER, values: args.originVerifySecrets } },
      { hostHeader: { values: this.hostNames } },
    ];
    this.registerOutputs({
      loadBalancerArn: this.loadBalancerArn,
      dnsName: this.dnsName,
      zoneId: this.zoneId,
      securityGroupId: this.securityGroupId,
      httpsListenerArn: this.httpsListenerArn,
      certificateArn: this.certificateArn,
    });
  }

  /**
   * A DNS-validated certificate for the host names (the first is its domain name, the rest
   * are alternative names). Every region's certificate for the same name asks for the same
   * validation CNAME, so each record allows overwrite (the other cells wrote it already) and
   * is retained on delete (tearing one cell down must not break renewal of the others'
   * certificates). The first name's record keeps its logical name, `-origin-cert-validation`.
   */
  private createCertificate(name: string, hostNames: string[], hostedZoneId: string): pulumi.Output<string> {
    const [domainName, ...alternatives] = hostNames;
    const certificate = new aws.acm.Certificate(
      `${name}-origin-cert`,
      { domainName, subjectAlternativeNames: alternatives, validationMethod: "DNS", keyAlgorithm: "RSA_2048" },
      { parent: this },
    );
    const records = hostNames.map((hostName, i) =>
      validationRecord(
        i === 0 ? `${name}-origin-cert-validation` : `${name}-${hostName.split(".")[0]}-cert-validation`,
        hostedZoneId,
        // ACM lists the options as a set: pick each name's own, not by position.
        certificate.domainValidationOptions.apply((options) => {
          const option = options.find((o) => o.domainName === hostName);
          if (!option) throw new Error(`Ingress ${name}: ACM gave no validation option for ${hostName}`);
          return option;
        }),
        this,
      ),
    );
    const validation = new aws.acm.CertificateValidation(
      `${name}-origin-cert`,
      { certificateArn: certificate.arn, validationRecordFqdns: records.map((record) => record.fqdn) },
      { parent: this },
    );
    return validation.certificateArn;
  }

  /**
   * The load balancer's own group: the CloudFront prefix list counts as about 55 rules
   * against the default quota of 60 per group, so nothing else shares it.
   */
  private createSecurityGroup(name: string, vpcId: pulumi.Input<string>): aws.ec2.SecurityGroup {
    const group = new aws.ec2.SecurityGroup(
      `${name}-alb`,
      { vpcId, description: "Load balancer: CloudFront origin-facing addresses only" },
      { parent: this },
    );
    const cloudfront = aws.ec2.getManagedPrefixListOutput({ name: CLOUDFRONT_ORIGIN_PREFIX_LIST }, { parent: this });
    // One rule for both listeners: every rule that references the prefix list counts as
    // its ~55 entries, so a rule per port would exceed the default 60-rule quota. The
    // range 80-443 reaches nothing else, since the ALB listens only on 80 and 443.
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-alb-cloudfront`,
      {
        securityGroupId: group.id,
        description: "CloudFront origin-facing addresses to the HTTP and HTTPS listeners",
        ipProtocol: "tcp",
        fromPort: 80,
        toPort: 443,
        prefixListId: cloudfront.id,
      },
      { parent: this },
    );
    return group;
  }
}

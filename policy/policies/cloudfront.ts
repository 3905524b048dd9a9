/** CloudFront distributions: viewer TLS, WAF, origin access control, logging, origin failover. */
import { isSet, list, ofType, referredTo, T } from "./props";
import { GuardrailResourcePolicy, GuardrailStackPolicy } from "./types";

/** Viewer security policies that allow only TLS 1.2 or later with strong ciphers (CloudFront.15). */
export const MODERN_VIEWER_TLS = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

/** An origin served by S3's REST endpoint (a website endpoint is a custom origin and cannot use OAC). */
const S3_ORIGIN = /\.s3(\.[a-z0-9-]+)?\.amazonaws\.com$/;

export const viewerTls: GuardrailResourcePolicy = {
  name: "cloudfront-viewer-tls",
  description: `Distributions serve viewers only over HTTPS (https-only or redirect-to-https on every cache behaviour) with a custom certificate and a minimum protocol of ${MODERN_VIEWER_TLS.join(" / ")}.`,
  controls: ["CloudFront.3", "CloudFront.15", "AS-CFR4"],
  enforcementLevel: "mandatory",
  missing:
    "viewerProtocolPolicy is required by the provider; a missing minimumProtocolVersion (or the default certificate) means TLSv1: fires.",
  resourceTypes: [T.distribution],
  validateResource({ props }, report) {
    const behaviours = [props.defaultCacheBehavior, ...list(props.orderedCacheBehaviors)].filter(Boolean);
    for (const behaviour of behaviours) {
      if (!["https-only", "redirect-to-https"].includes(behaviour.viewerProtocolPolicy)) {
        report(
          `cache behaviour ${behaviour.pathPattern ?? "(default)"} allows plain HTTP: set viewerProtocolPolicy "redirect-to-https"`,
        );
      }
    }
    const minimum = props.viewerCertificate?.minimumProtocolVersion;
    if (props.viewerCertificate?.cloudfrontDefaultCertificate === true || !MODERN_VIEWER_TLS.includes(minimum)) {
      report(
        `viewers may use TLS older than 1.2 (${minimum ?? "TLSv1"}): use an ACM certificate with minimumProtocolVersion "TLSv1.2_2021"`,
      );
    }
  },
};

export const wafAndOriginAccess: GuardrailResourcePolicy = {
  name: "cloudfront-waf-and-origin-access",
  description:
    "Distributions are protected by a WAF web ACL, and every S3 origin is read through an origin access control. Set webAclId and originAccessControlId on S3 origins.",
  controls: ["CloudFront.6", "CloudFront.13"],
  enforcementLevel: "mandatory",
  missing:
    "no webAclId means no WAF; an S3 origin without originAccessControlId reads the bucket publicly or through OAI: fires.",
  resourceTypes: [T.distribution],
  validateResource({ props }, report) {
    if (!isSet(props.webAclId)) report("no WAF web ACL: set webAclId");
    for (const origin of list(props.origins)) {
      if (S3_ORIGIN.test(origin.domainName ?? "") && !isSet(origin.originAccessControlId)) {
        report(`S3 origin ${origin.originId} has no origin access control: set originAccessControlId`);
      }
    }
  },
};

export const originFailover: GuardrailResourcePolicy = {
  name: "cloudfront-origin-failover",
  description:
    "Distributions have an origin group with failover status codes, so a second origin answers when the first fails.",
  controls: ["CloudFront.4"],
  enforcementLevel: "advisory",
  missing: "no originGroups: listed.",
  resourceTypes: [T.distribution],
  validateResource({ props }, report) {
    const groups = list(props.originGroups).filter(
      (group: any) => list(group.members).length >= 2 && list(group.failoverCriteria?.statusCodes).length > 0,
    );
    if (groups.length === 0) report("no origin group with failover: add originGroups with two members and statusCodes");
  },
};

export const distributionLogging: GuardrailStackPolicy = {
  name: "cloudfront-access-logging",
  description:
    "Every distribution logs its requests: a legacy loggingConfig bucket, or an ACCESS_LOGS LogDeliverySource for it that a LogDelivery sends somewhere.",
  controls: ["CloudFront.5"],
  enforcementLevel: "mandatory",
  missing: "no loggingConfig and no delivery for the distribution: fires.",
  resourceTypes: [T.distribution, T.logDeliverySource, T.logDelivery],
  validateStack({ resources }, report) {
    const deliveries = ofType(resources, T.logDelivery);
    const distributions = ofType(resources, T.distribution);
    for (const distribution of distributions) {
      if (isSet(distribution.props.loggingConfig?.bucket)) continue;
      const delivered = ofType(resources, T.logDeliverySource).some(
        (source) =>
          source.props.logType === "ACCESS_LOGS" &&
          referredTo(source, "resourceArn", distributions) === distribution &&
          deliveries.some((delivery) => delivery.props.deliverySourceName === source.props.name),
      );
      if (!delivered) {
        report("the distribution logs nothing: add a log delivery (source, destination, delivery)", distribution.urn);
      }
    }
  },
};

export const cloudfrontPolicies = [viewerTls, wafAndOriginAccess, originFailover, distributionLogging];

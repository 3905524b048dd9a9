/**
 * Who writes ALB access logs into a bucket differs by region: regions opened before August
 * 2022 deliver from a regional Elastic Load Balancing account, newer regions from the
 * `logdelivery.elasticloadbalancing.amazonaws.com` service principal. A bucket policy that
 * names the wrong one makes ALB creation fail with "Access Denied for bucket".
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */

const ELB_ACCOUNT_BY_REGION: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-south-1": "718504428378",
  "ap-northeast-1": "582318560864",
  "ap-northeast-2": "600734575887",
  "ap-northeast-3": "383597477331",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-west-3": "009996457667",
  "eu-south-1": "635631232127",
  "eu-north-1": "897822967062",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
  "us-gov-west-1": "048591011584",
  "us-gov-east-1": "190560391635",
};

export type PolicyPrincipal = { AWS: string } | { Service: string };

/** The principal that delivers ALB access logs in `region`. */
export function elbLogDeliveryPrincipal(region: string): PolicyPrincipal {
  const account = ELB_ACCOUNT_BY_REGION[region];
  if (!account) return { Service: "logdelivery.elasticloadbalancing.amazonaws.com" };
  const partition = region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  return { AWS: `arn:${partition}:iam::${account}:root` };
}

/**
 * The private ECR repository an image comes from, so the execution role can be allowed to
 * pull exactly that repository and nothing else. `undefined` for images from other
 * registries (public ECR, Docker Hub, GHCR), which need no IAM permission to pull.
 */
export function imageRepositoryArn(image: string): string | undefined {
  const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([^:@]+)/.exec(image);
  if (!match) return undefined;
  const [, account, region, china, repository] = match;
  const partition = china ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  return `arn:${partition}:ecr:${region}:${account}:repository/${repository}`;
}

/**
 * Whether the image is pulled from a private ECR repository (`<account>.dkr.ecr.<region>...`).
 * Only those pulls use ECR's interface endpoints (`ecr.api`, `ecr.dkr`); `public.ecr.aws`
 * and other registries are reached through NAT whatever endpoints the VPC has.
 */
export function isPrivateEcrImage(image: string): boolean {
  return imageRepositoryArn(image) !== undefined;
}

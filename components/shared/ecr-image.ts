/**
 * The private ECR repository an image comes from, so the execution role can be allowed to
 * pull exactly that repository and nothing else. `undefined` for images from other
 * registries (public ECR, Docker Hub, GHCR), which need no IAM permission to pull.
 */
export function ecrRepositoryArn(image: string): string | undefined {
  const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([^:@]+)/.exec(image);
  if (!match) return undefined;
  const [, account, region, china, repository] = match;
  const partition = china ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  return `arn:${partition}:ecr:${region}:${account}:repository/${repository}`;
}

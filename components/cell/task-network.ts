import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ecrRepositoryArn } from "./ecr-image";

/**
 * What every task of a cell (web, worker, job) is allowed by default, in one place so the
 * three never drift apart.
 */

/**
 * A task's security group, `<name>-tasks`, with HTTPS out to anywhere (AWS APIs, and the
 * external systems through NAT) as `<name>-https-out`, and nothing else: callers add what
 * comes in, and the data tier adds its own rule pairs.
 */
export function taskSecurityGroup(
  name: string,
  args: { vpcId: pulumi.Input<string>; description: string; httpsDescription: string },
  parent: pulumi.Resource,
): aws.ec2.SecurityGroup {
  const group = new aws.ec2.SecurityGroup(
    `${name}-tasks`,
    { vpcId: args.vpcId, description: args.description },
    { parent },
  );
  new aws.vpc.SecurityGroupEgressRule(
    `${name}-https-out`,
    {
      securityGroupId: group.id,
      description: args.httpsDescription,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    },
    { parent },
  );
  return group;
}

/**
 * The execution role's statements: write the task's log stream, and pull the one ECR
 * repository when the image is private. Nothing else; secrets come with their own policies.
 */
export function executionStatements(image: string, logGroupArn: pulumi.Input<string>): Record<string, unknown>[] {
  const statements: Record<string, unknown>[] = [
    {
      Sid: "WriteLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: pulumi.interpolate`${logGroupArn}:log-stream:*`,
    },
  ];
  const repository = ecrRepositoryArn(image);
  if (repository) {
    statements.push(
      // GetAuthorizationToken has no resource-level permissions.
      { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "PullImage",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        Resource: repository,
      },
    );
  }
  return statements;
}

import * as pulumi from "@pulumi/pulumi";

/**
 * A trust policy for an AWS service principal, limited to this account
 * (`aws:SourceAccount`) so another account cannot make the service act as this role
 * (the confused-deputy problem).
 */
export function serviceAssumeRolePolicy(service: string, accountId: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  });
}

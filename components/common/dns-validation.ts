import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The part of an ACM domain validation option that the record needs. */
export interface ValidationOption {
  resourceRecordName: string;
  resourceRecordType: string;
  resourceRecordValue: string;
}

/**
 * The Route 53 record that proves control of a name to ACM (docs/aws-behaviours.md #8). ACM asks for the
 * same CNAME for the same name in every region of an account, so another stack may have
 * written it already (`allowOverwrite`), and deleting this stack must not remove what the
 * others' certificates need to renew (`retainOnDelete`).
 */
export function validationRecord(
  name: string,
  hostedZoneId: pulumi.Input<string>,
  option: pulumi.Output<ValidationOption>,
  parent: pulumi.Resource,
): aws.route53.Record {
  return new aws.route53.Record(
    name,
    {
      zoneId: hostedZoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    },
    { parent, retainOnDelete: true },
  );
}

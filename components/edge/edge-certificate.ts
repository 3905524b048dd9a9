import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { validationRecord } from "../common/dns-validation";

export interface EdgeCertificateArgs {
  /** The certificate's names: the first is its domain name, the rest alternative names (apex and `www`). */
  names: string[];
  /** Hosted zone where the validation records go. */
  hostedZoneId: string;
}

/**
 * The viewer certificate of the distribution, DNS-validated in the hosted zone. CloudFront
 * takes certificates only from us-east-1: this component must be created through a
 * us-east-1 provider (the stack hands it one), whatever region the cells run in.
 *
 * One validation record per name, keyed by the name itself (a plain list from config), so
 * the number of records never depends on a value known only after the certificate exists.
 * ACM asks for the same record for the same name in every region and every certificate of
 * the account: the record allows overwrite (another certificate for the name may have
 * written it) and is retained on delete (tearing the edge down must not break the renewal
 * of another certificate that shares it).
 *
 * Cost: public ACM certificates are free.
 */
export class EdgeCertificate extends pulumi.ComponentResource {
  /** The certificate's ARN, resolved only once it is validated (CloudFront refuses a pending one). */
  readonly certificateArn: pulumi.Output<string>;
  /** The validation records' FQDNs, by name. */
  readonly validationRecordFqdns: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: EdgeCertificateArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:edge:EdgeCertificate", name, {}, opts);
    if (args.names.length === 0) throw new Error(`EdgeCertificate ${name}: names must list at least one name`);
    if (new Set(args.names).size !== args.names.length) {
      throw new Error(`EdgeCertificate ${name}: names must not repeat a name, got ${args.names.join(", ")}`);
    }
    const [domainName, ...alternativeNames] = args.names;

    const certificate = new aws.acm.Certificate(
      `${name}`,
      {
        domainName,
        subjectAlternativeNames: alternativeNames,
        validationMethod: "DNS",
        // CloudFront viewer certificates: RSA 2048 reaches every client that speaks TLS 1.2.
        keyAlgorithm: "RSA_2048",
      },
      { parent: this },
    );

    this.validationRecordFqdns = {};
    for (const host of args.names) {
      const option = certificate.domainValidationOptions.apply((options) => {
        const found = options.find((o) => o.domainName === host);
        if (!found) throw new Error(`EdgeCertificate ${name}: ACM returned no validation option for ${host}`);
        return found;
      });
      const record = validationRecord(`${name}-validation-${host}`, args.hostedZoneId, option, this);
      this.validationRecordFqdns[host] = record.fqdn;
    }

    const validation = new aws.acm.CertificateValidation(
      `${name}`,
      { certificateArn: certificate.arn, validationRecordFqdns: Object.values(this.validationRecordFqdns) },
      { parent: this },
    );
    this.certificateArn = validation.certificateArn;
    this.registerOutputs({ certificateArn: this.certificateArn });
  }
}

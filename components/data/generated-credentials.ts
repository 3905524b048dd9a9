import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

export interface GeneratedCredentialsArgs {
  /** What the credentials open, for the secret's description. */
  description: string;
  /**
   * The user name stored beside the password (`username` in the secret's JSON).
   * @default none
   */
  username?: string;
  /** The cell's KMS key; the secret is encrypted with it. */
  kmsKeyId: pulumi.Input<string>;
  /**
   * Regions the secret is replicated to, each encrypted with that region's
   * `aws/secretsmanager` key. A plain list: it decides how many replicas exist.
   * @default []
   */
  replicaRegions?: string[];
  /**
   * Non-secret connection details stored beside the password (host, port, engine), so one
   * secret is everything a client needs.
   * @default {}
   */
  details?: Record<string, pulumi.Input<string | number>>;
  /**
   * Password length. Letters and digits only: every engine here refuses some punctuation
   * (RDS `/ " @`, Amazon MQ `, : =`), and length gives the strength.
   * @default 40
   */
  passwordLength?: number;
}

/**
 * A password generated once (`@pulumi/random`, stored only in state and in Secrets
 * Manager) and the secret that holds it as JSON: `password`, `username`, and any
 * `details`. Clients read single fields as ECS `secrets` (`<arn>:password::`).
 *
 * The password and the secret are protected: a new password would lock every client out
 * of the store it opens until they restart, and for Amazon MQ it would replace the broker.
 *
 * Cost: $0.40/month per secret and per replica, plus $0.05 per 10,000 API calls.
 */
export class GeneratedCredentials extends pulumi.ComponentResource {
  readonly secretArn: pulumi.Output<string>;
  readonly secretName: pulumi.Output<string>;
  /** The password, as a secret Output (for the store's own resource). */
  readonly password: pulumi.Output<string>;

  constructor(name: string, args: GeneratedCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:data:GeneratedCredentials", name, {}, opts);
    const length = args.passwordLength ?? 40;
    if (length < 16 || length > 128) {
      throw new Error(`GeneratedCredentials ${name}: passwordLength must be 16..128, got ${length}`);
    }
    const replicaRegions = args.replicaRegions ?? [];
    if (new Set(replicaRegions).size !== replicaRegions.length) {
      throw new Error(`GeneratedCredentials ${name}: replicaRegions repeats a region: ${replicaRegions.join(", ")}`);
    }

    const password = new random.RandomPassword(
      `${name}-password`,
      { length, special: false, minLower: 1, minUpper: 1, minNumeric: 1 },
      { parent: this, protect: true },
    );
    const secret = new aws.secretsmanager.Secret(
      `${name}`,
      {
        description: args.description,
        kmsKeyId: args.kmsKeyId,
        recoveryWindowInDays: 30,
        replicas: replicaRegions.map((region) => ({ region })),
      },
      { parent: this, protect: true },
    );
    new aws.secretsmanager.SecretVersion(
      `${name}`,
      {
        secretId: secret.id,
        secretString: pulumi.jsonStringify({
          ...(args.username ? { username: args.username } : {}),
          password: password.result,
          ...(args.details ?? {}),
        }),
      },
      { parent: this },
    );

    this.secretArn = secret.arn;
    this.secretName = secret.name;
    this.password = pulumi.secret(password.result);
    this.registerOutputs({ secretArn: this.secretArn });
  }
}

/** The `valueFrom` of an ECS secret that reads one JSON field of a Secrets Manager secret. */
export function secretField(secretArn: pulumi.Input<string>, field: string): pulumi.Output<string> {
  return pulumi.interpolate`${secretArn}:${field}::`;
}

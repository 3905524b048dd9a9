import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A data store a task connects to over the network. */
export interface DataStoreEndpoint {
  /** Short name for rule names and descriptions (`database`, `cache`, `broker`). */
  name: string;
  /** The store's own security group. */
  securityGroupId: pulumi.Input<string>;
  /** The one port clients use. */
  port: number;
}

/** An ECS secret: an environment variable ECS fills from Secrets Manager when the task starts. */
export interface TaskSecret {
  name: string;
  /** `<secret arn>` or `<secret arn>:<json field>::`. */
  valueFrom: pulumi.Input<string>;
}

/**
 * Everything a cell task needs to use the data tier: where the stores are (plain
 * environment), the credentials (ECS `secrets`), and what its roles and security group
 * must be allowed. Built once by the cell; every service and job takes the same value.
 */
export interface DataAccess {
  /** Endpoints, ports, names: never credentials. */
  environment: Record<string, pulumi.Input<string>>;
  secrets: TaskSecret[];
  /** The secrets behind `secrets`, as full ARNs (a plain list: it decides the policy's size). */
  secretArns: pulumi.Input<string>[];
  /** The cell key: secrets, media objects. */
  kmsKeyArn: pulumi.Input<string>;
  /** The cell's object store. */
  bucketArn: pulumi.Input<string>;
  /** The stores reached over the network (a plain list: one rule pair each). */
  stores: DataStoreEndpoint[];
  /** Region of the cell, for the `kms:ViaService` conditions. */
  region: string;
}

export interface DataClientAccessArgs {
  access: DataAccess;
  /** The client's security group. */
  securityGroupId: pulumi.Input<string>;
  /** Role ECS starts the tasks with: it fetches the secrets. */
  executionRoleName: pulumi.Input<string>;
  /**
   * Role the containers run as: it uses the bucket and the cell key through S3, and reads
   * no secret (ECS injects the credentials at start with the execution role; the
   * application does not read Secrets Manager itself, and nothing rotates these secrets).
   */
  taskRoleName: pulumi.Input<string>;
}

/**
 * Lets one client (a service or a job) use the cell's data tier, and nothing more: a
 * security-group rule pair per store on the store's port (egress from the client, ingress
 * to the store, never a CIDR), the execution role reading exactly the listed secrets (ECS
 * injects them into the container at start), and the task role using exactly the cell's
 * bucket and key, and no secret. Rules are separate resources, so
 * adding a client never changes a store's own group (Amazon MQ cannot change a RabbitMQ
 * broker's groups).
 *
 * Cost: nothing; IAM and security group rules are free.
 */
export class DataClientAccess extends pulumi.ComponentResource {
  /** The security group rules and role policies, for resources that must wait for them. */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: DataClientAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:data:DataClientAccess", name, {}, opts);
    const { access } = args;
    const names = access.stores.map((store) => store.name);
    if (new Set(names).size !== names.length) {
      throw new Error(`DataClientAccess ${name}: store names repeat: ${names.join(", ")}`);
    }
    if (access.secretArns.length === 0) {
      throw new Error(`DataClientAccess ${name}: no secrets to grant; pass the ones behind access.secrets`);
    }
    const ready: pulumi.Resource[] = [];

    for (const store of access.stores) {
      ready.push(
        new aws.vpc.SecurityGroupEgressRule(
          `${name}-to-${store.name}`,
          {
            securityGroupId: args.securityGroupId,
            description: `To the ${store.name}`,
            ipProtocol: "tcp",
            fromPort: store.port,
            toPort: store.port,
            referencedSecurityGroupId: store.securityGroupId,
          },
          { parent: this },
        ),
        new aws.vpc.SecurityGroupIngressRule(
          `${name}-into-${store.name}`,
          {
            securityGroupId: store.securityGroupId,
            description: `From ${name}`,
            ipProtocol: "tcp",
            fromPort: store.port,
            toPort: store.port,
            referencedSecurityGroupId: args.securityGroupId,
          },
          { parent: this },
        ),
      );
    }

    const readSecrets = {
      Sid: "ReadCellSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: access.secretArns,
    };
    const decryptSecrets = {
      Sid: "DecryptCellSecrets",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: access.kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${access.region}.amazonaws.com` } },
    };
    ready.push(
      new aws.iam.RolePolicy(
        `${name}-execution`,
        {
          role: args.executionRoleName,
          policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [readSecrets, decryptSecrets] }),
        },
        { parent: this },
      ),
      new aws.iam.RolePolicy(
        `${name}-task`,
        {
          role: args.taskRoleName,
          policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
              { Sid: "ListMedia", Effect: "Allow", Action: "s3:ListBucket", Resource: access.bucketArn },
              {
                Sid: "UseMedia",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                Resource: pulumi.interpolate`${access.bucketArn}/*`,
              },
              {
                Sid: "EncryptMedia",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: access.kmsKeyArn,
                Condition: { StringEquals: { "kms:ViaService": `s3.${access.region}.amazonaws.com` } },
              },
            ],
          }),
        },
        { parent: this },
      ),
    );

    this.ready = ready;
    this.registerOutputs({});
  }
}

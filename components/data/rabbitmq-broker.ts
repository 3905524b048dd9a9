import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BrokerDeploymentMode, BrokerVersion } from "../../config/data-limits";
import { GeneratedCredentials } from "./generated-credentials";

export interface RabbitMqBrokerArgs {
  /** Broker name (at most 50 characters); fixed, so a replacement deletes before it creates. */
  brokerName: string;
  /** A three-node cluster across AZs, or one instance in one AZ (no failover). */
  deploymentMode: BrokerDeploymentMode;
  /** Instance type; must fit the engine version and deployment mode (see config/data-limits). */
  instanceType: string;
  /** RabbitMQ `major.minor` (3.13 and later take only major.minor, with minor upgrades on). */
  engineVersion: BrokerVersion;
  /** Weekly maintenance start, in the cell's own time zone. */
  maintenanceWindow: { dayOfWeek: string; timeOfDay: string; timeZone: string };
  vpcId: pulumi.Input<string>;
  /** Private subnets; the cluster uses up to three of them, a single instance the first. */
  subnetIds: pulumi.Input<string[]>;
  /** The cell's KMS key, for the admin credentials' secret. */
  kmsKeyArn: pulumi.Input<string>;
  /**
   * The admin user created with the broker.
   * @default "storefront_admin"
   */
  adminUsername?: string;
}

/** AMQP over TLS, the only protocol port clients use. */
export const AMQPS_PORT = 5671;

/** A single instance takes over 5 minutes to create, a cluster over 30. */
const BROKER_TIMEOUTS = { create: "90m", update: "90m", delete: "60m" };

/**
 * The cell's Amazon MQ for RabbitMQ broker for background jobs: private (no public
 * endpoint), in the private subnets, general logs on, automatic minor version upgrades in
 * a weekly window at the cell's quiet hour (MQ.3), a cluster across AZs by default (MQ.6).
 *
 * **Changing `users` replaces the broker** with a new, empty one at a new endpoint
 * (docs/aws-behaviours.md #9). So the admin user is created once from a generated password kept in
 * Secrets Manager, the broker ignores later changes to `users`, and it is protected:
 * further users and password rotation are done in RabbitMQ itself (management API),
 * then the secret is updated. Security groups cannot be changed on a RabbitMQ broker
 * either, so the broker's own group never changes; clients add rules to it.
 *
 * RabbitMQ brokers are always encrypted at rest with an AWS-owned key: Amazon MQ refuses
 * `encryptionOptions` for them, so none is set. The general log goes to a log group Amazon
 * MQ creates itself, `/aws/amazonmq/broker/<broker id>/general`: its name holds an id that
 * exists only once the broker does, so it cannot be created ahead with the cell key and a
 * retention the way the database's and the cache's are. It is the one data-tier log
 * outside the cell key.
 *
 * The cluster's subnets are the first three private subnets: a cell created with two AZs
 * that later grows a third would change them, which replaces the broker (the component is
 * protected, so the update fails instead). Fix a cell's AZs before its first deploy.
 *
 * Cost (us-east-1): mq.m7g.large about $0.27/hour per node; a cluster runs three nodes
 * (about $590/month), a single instance one.
 */
export class RabbitMqBroker extends pulumi.ComponentResource {
  /** `amqps://<host>:5671`, with no credentials in it. */
  readonly amqpsEndpoint: pulumi.Output<string>;
  readonly port: number;
  readonly securityGroupId: pulumi.Output<string>;
  /** The secret with `username` and `password` of the admin user. */
  readonly adminSecretArn: pulumi.Output<string>;
  readonly brokerId: pulumi.Output<string>;

  constructor(name: string, args: RabbitMqBrokerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:data:RabbitMqBroker", name, {}, opts);
    if (!/^[A-Za-z0-9_-]{1,50}$/.test(args.brokerName)) {
      throw new Error(
        `RabbitMqBroker ${name}: brokerName must be 1-50 of letters, digits, - and _, got ${JSON.stringify(args.brokerName)}`,
      );
    }
    const adminUsername = args.adminUsername ?? "storefront_admin";
    const cluster = args.deploymentMode === "CLUSTER_MULTI_AZ";

    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}`,
      {
        vpcId: args.vpcId,
        description: "RabbitMQ: admits only task security groups of the cell (rules added per client)",
      },
      { parent: this },
    );
    const admin = new GeneratedCredentials(
      `${name}-admin`,
      {
        description: "RabbitMQ admin user of the cell's broker",
        username: adminUsername,
        kmsKeyId: args.kmsKeyArn,
        details: { port: AMQPS_PORT },
      },
      { parent: this },
    );

    const broker = new aws.mq.Broker(
      `${name}`,
      {
        brokerName: args.brokerName,
        engineType: "RabbitMQ",
        engineVersion: args.engineVersion,
        hostInstanceType: args.instanceType,
        deploymentMode: args.deploymentMode,
        publiclyAccessible: false,
        subnetIds: pulumi.output(args.subnetIds).apply((ids) => (cluster ? ids.slice(0, 3) : ids.slice(0, 1))),
        securityGroups: [securityGroup.id],
        authenticationStrategy: "simple",
        // consoleAccess and groups apply to ActiveMQ only; a RabbitMQ user is just a name and password.
        users: [{ username: adminUsername, password: admin.password }],
        // RabbitMQ has no audit log; asking for one fails the create.
        logs: { general: true },
        autoMinorVersionUpgrade: true,
        maintenanceWindowStartTime: args.maintenanceWindow,
        applyImmediately: false,
      },
      {
        parent: this,
        protect: true,
        customTimeouts: BROKER_TIMEOUTS,
        ignoreChanges: ["users"],
        // The name is fixed: a replacement must delete the old broker first.
        deleteBeforeReplace: true,
      },
    );

    // Single instance and cluster alike expose one AMQPS endpoint (the cluster's behind its NLB).
    this.amqpsEndpoint = broker.instances.apply(
      (instances) => instances?.[0]?.endpoints?.find((e) => e.startsWith("amqps://")) ?? "",
    );
    this.port = AMQPS_PORT;
    this.securityGroupId = securityGroup.id;
    this.adminSecretArn = admin.secretArn;
    this.brokerId = broker.id;
    this.registerOutputs({ amqpsEndpoint: this.amqpsEndpoint, brokerId: this.brokerId });
  }
}

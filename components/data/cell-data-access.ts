import * as pulumi from "@pulumi/pulumi";
import { AuroraDatabase } from "./aurora-database";
import { DataAccess } from "./client-access";
import { secretField } from "./generated-credentials";
import { ObjectStore } from "./object-store";
import { RabbitMqBroker } from "./rabbitmq-broker";
import { ValkeyCache } from "./valkey-cache";

export interface CellDataStores {
  database: AuroraDatabase;
  cache: ValkeyCache;
  broker: RabbitMqBroker;
  /** The media bucket (config `objectStore`, resources `<cell>-media`, outputs `mediaBucket*`). */
  mediaBucket: ObjectStore;
  kmsKeyArn: pulumi.Input<string>;
  region: string;
}

/**
 * What every task of the cell receives: the same variable names in every cell, so the
 * application never knows which cell it runs in. Read APIs use `DB_READER_HOST`; writes
 * use `DB_WRITER_HOST`, which in a secondary cell is the local reader endpoint: writes there
 * succeed only when `DB_WRITE_FORWARDING` is true (global write forwarding behind it); the
 * edge sends the write paths to the primary either way (docs/writes.md).
 */
export function cellDataAccess(stores: CellDataStores): DataAccess {
  const { database, cache, broker, mediaBucket } = stores;
  return {
    region: stores.region,
    environment: {
      DB_WRITER_HOST: database.writerEndpoint,
      DB_READER_HOST: database.readerEndpoint,
      DB_PORT: String(database.port),
      DB_NAME: database.databaseName,
      DB_WRITE_FORWARDING: String(database.forwardsWrites),
      CACHE_HOST: cache.primaryEndpoint,
      CACHE_READER_HOST: cache.readerEndpoint,
      CACHE_PORT: String(cache.port),
      CACHE_TLS: "true",
      BROKER_URL: broker.amqpsEndpoint,
      MEDIA_BUCKET: mediaBucket.bucketName,
      MEDIA_PREFIX: mediaBucket.mediaPrefix,
    },
    secrets: [
      { name: "DB_USERNAME", valueFrom: secretField(database.masterSecretArn, "username") },
      { name: "DB_PASSWORD", valueFrom: secretField(database.masterSecretArn, "password") },
      { name: "CACHE_AUTH_TOKEN", valueFrom: secretField(cache.authSecretArn, "password") },
      { name: "BROKER_USERNAME", valueFrom: secretField(broker.adminSecretArn, "username") },
      { name: "BROKER_PASSWORD", valueFrom: secretField(broker.adminSecretArn, "password") },
    ],
    secretArns: [database.masterSecretArn, cache.authSecretArn, broker.adminSecretArn],
    kmsKeyArn: stores.kmsKeyArn,
    bucketArn: mediaBucket.bucketArn,
    stores: [
      { name: "database", securityGroupId: database.securityGroupId, port: database.port },
      { name: "cache", securityGroupId: cache.securityGroupId, port: cache.port },
      { name: "broker", securityGroupId: broker.securityGroupId, port: broker.port },
    ],
  };
}

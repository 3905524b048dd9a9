/**
 * What a cell owns because of its role. The home cell (`homeStack`) created the global
 * database, the master secret and the origin-verify secret, and keeps them wherever the
 * primary is; a joiner reads them from the home's outputs. Nothing here depends on which cell
 * is the primary: moving the primary after an Aurora switchover or failover changes no
 * logical name and no input of these resources (test/primary-move.spec.ts checks it).
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { CellConfig } from "../config/cell";
import { OriginSecretConfig, OriginSecretSlot, ORIGIN_SECRET_SLOTS, slotGeneration } from "../config/origin-secret";
import { secretReplicaArn } from "../components/data/arns";
import { AuroraMembership } from "../components/data/aurora-database";
import { requireCellOutput } from "./cell-outputs";

/**
 * The home creates the global cluster and the master secret; a joiner joins the global
 * cluster the home exported and reads the secret's replica in its own region.
 */
export function databaseMembership(config: CellConfig, home: pulumi.StackReference | undefined): AuroraMembership {
  const database = config.data.database;
  if (!home) {
    return {
      role: "home",
      globalClusterIdentifier: `${config.shared.app}-global`,
      databaseName: database.databaseName,
      masterUsername: database.masterUsername,
      secretReplicaRegions: database.replicaRegions,
    };
  }
  return {
    role: "joiner",
    globalClusterIdentifier: requireCellOutput(home, "globalClusterIdentifier"),
    databaseName: requireCellOutput(home, "databaseName"),
    masterSecretArn: requireCellOutput(home, "databaseSecretArn").apply((arn) => secretReplicaArn(arn, config.region)),
  };
}

/** The origin-verify secret as a cell sees it. */
export interface OriginSecrets {
  /** Both slots' values, slot `a` first: every cell's listener accepts either. */
  slots: pulumi.Output<string>[];
  /** The active slot's value: what the edge sends (the home exports it). */
  active: pulumi.Output<string>;
}

/** Logical names of the slots' passwords; slot `a` keeps the name the secret had before slots. */
export const ORIGIN_SECRET_RESOURCE: Record<OriginSecretSlot, string> = {
  a: "origin-verify-secret",
  b: "origin-verify-secret-b",
};

/**
 * The home generates both slots; a joiner reads them from the home's outputs. A slot's
 * generation is a keeper: raising it draws a new value (the first generation has no keeper,
 * so slot `a` keeps the value it had before slots existed). The active slot is protected: a
 * new value there would lock CloudFront out until the edge is deployed, so only the inactive
 * slot can be regenerated (docs/recovery.md, "Rotating the origin secret").
 */
export function originSecrets(home: pulumi.StackReference | undefined, config: OriginSecretConfig): OriginSecrets {
  if (home) {
    const both = requireCellOutput(home, "originVerifySecrets");
    return {
      slots: ORIGIN_SECRET_SLOTS.map((_, i) => pulumi.secret(both.apply((values) => values[i]))),
      active: pulumi.secret(requireCellOutput(home, "originVerifySecret")),
    };
  }
  const values = ORIGIN_SECRET_SLOTS.map((slot) => {
    const generation = slotGeneration(config, slot);
    return new random.RandomPassword(
      ORIGIN_SECRET_RESOURCE[slot],
      { length: 48, special: false, ...(generation > 1 ? { keepers: { generation: String(generation) } } : {}) },
      { protect: slot === config.activeSlot },
    ).result;
  });
  return {
    slots: values.map((value) => pulumi.secret(value)),
    active: pulumi.secret(values[ORIGIN_SECRET_SLOTS.indexOf(config.activeSlot)]),
  };
}

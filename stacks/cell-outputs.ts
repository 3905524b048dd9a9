/**
 * Reading a cell stack's outputs from another stack (a secondary cell, the edge), keyed and
 * typed by `CellStackOutputs`: renaming or retyping an output breaks the type check of every
 * reader instead of a later deploy.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CellStackOutputs } from "./cell";

/** An output's value once resolved: what a StackReference hands back for it. */
export type CellOutputValue<K extends keyof CellStackOutputs> =
  NonNullable<CellStackOutputs[K]> extends pulumi.Output<infer T> ? T : NonNullable<CellStackOutputs[K]>;

/** The cell's output `name`; the deployment fails if the cell does not export it. */
export function requireCellOutput<K extends keyof CellStackOutputs>(
  cell: pulumi.StackReference,
  name: K,
): pulumi.Output<CellOutputValue<K>> {
  return cell.requireOutput(name) as pulumi.Output<CellOutputValue<K>>;
}

/** The cell's output `name` as a plain value, `undefined` when the cell does not export it. */
export function cellOutputValue<K extends keyof CellStackOutputs>(
  cell: pulumi.StackReference,
  name: K,
): Promise<CellOutputValue<K> | undefined> {
  return cell.getOutputValue(name) as Promise<CellOutputValue<K> | undefined>;
}

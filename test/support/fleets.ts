/**
 * Every fleet the specs evaluate: the shipped stack files (the users' data, checked only
 * for invariants), the fixture fleets the tests own, and the shipped files after the edit
 * set (a region removed with remove-cell, one added with new-cell, everyday edits). A
 * guard that must hold for any valid fleet iterates this list, so a new fixture is covered
 * by every such guard.
 */
import { PROJECT_ROOT } from "../../config/files";
import { editSetRoot } from "../fixtures/edit-set";
import { threeCellRoot } from "../fixtures/three-cells";

export interface FleetUnderTest {
  /** How specs name the fleet in their titles. */
  name: string;
  /** The directory holding its Pulumi.yaml and stack files. */
  root: string;
}

/** The shipped fleet first, then each fixture fleet. Evaluate each with `evaluateFleet(root)` (cached per root). */
export function fleetsUnderTest(): FleetUnderTest[] {
  return [
    { name: "shipped stack files", root: PROJECT_ROOT },
    { name: "three-cell fixture", root: threeCellRoot() },
    { name: "shipped files after the edit set", root: editSetRoot() },
  ];
}

import { strict as assert } from "node:assert";
import { CellConfig, readCellConfig } from "../../config/cell";
import { ConfigError, RawConfig } from "../../config/reader";

/** Reads the config, expecting a `ConfigError`; returns the error. Fails the test when none (or another error) is thrown. */
export function configErrorOf(raw: RawConfig, stack: string): ConfigError {
  let config: CellConfig | undefined;
  try {
    config = readCellConfig(raw, stack);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    assert.fail(`expected a ConfigError, got ${String(error)}`);
  }
  assert.fail(`expected a ConfigError, but the config was accepted (region ${config.region}, cidr ${config.cidr})`);
}

import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./config/reader";
import { runStack } from "./stacks";

// The stack's outputs are what this function returns. A config error is reported as a
// RunError: the engine prints its message (every bad key, value and what is allowed)
// without a stack trace.
export = async (): Promise<Record<string, unknown>> => {
  try {
    return await runStack(pulumi.runtime.allConfig(), pulumi.getStack());
  } catch (error) {
    if (error instanceof ConfigError) throw new pulumi.RunError(error.message);
    throw error;
  }
};

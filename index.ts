import * as pulumi from "@pulumi/pulumi";
import { checkDeployedRoles, siblingCellFiles } from "./config/primary-switch";
import { ConfigError } from "./config/reader";
import { runStack } from "./stacks";

// The stack's outputs are what this function returns. A config error is reported as a
// RunError: the engine prints its message (every bad key, value and what is allowed)
// without a stack trace.
export = async (): Promise<Record<string, unknown>> => {
  const [raw, stack] = [pulumi.runtime.allConfig(), pulumi.getStack()];
  // A home moved with the primary would create a second global cluster, and a primary with
  // no cluster of the global database has nothing to write to: refused before anything is
  // registered, by what the checkout's other stack files hold.
  const unsafe = checkDeployedRoles(stack, raw, siblingCellFiles(stack));
  if (unsafe) throw new pulumi.RunError(unsafe);
  try {
    return await runStack(raw, stack);
  } catch (error) {
    if (error instanceof ConfigError) throw new pulumi.RunError(error.message);
    throw error;
  }
};

/** Amazon MQ brokers: minor upgrades, cluster deployment in production, private and logged. */
import { flag, stackOfUrn, T } from "./props";
import { GuardrailResourcePolicy } from "./types";

export const brokerMinorUpgrades: GuardrailResourcePolicy = {
  name: "mq-auto-minor-version-upgrade",
  description: "Brokers take minor engine versions automatically. Set autoMinorVersionUpgrade: true.",
  controls: ["MQ.3"],
  enforcementLevel: "mandatory",
  missing: "autoMinorVersionUpgrade defaults to false: fires.",
  resourceTypes: [T.broker],
  validateResource({ props }, report) {
    if (!flag(props, "autoMinorVersionUpgrade", false)) {
      report("automatic minor version upgrades are off: set autoMinorVersionUpgrade: true");
    }
  },
};

/** Policy config of mq-cluster-deployment: the stacks that are not production. */
export interface BrokerDeploymentConfig {
  nonProductionStacks?: string[];
}

export const brokerClusterDeployment: GuardrailResourcePolicy = {
  name: "mq-cluster-deployment",
  description:
    'Brokers of production stacks run as a three-node cluster. Set deploymentMode: "CLUSTER_MULTI_AZ"; a stack that is not production is named in this policy\'s config (nonProductionStacks).',
  controls: ["MQ.6"],
  enforcementLevel: "mandatory",
  missing: "deploymentMode defaults to SINGLE_INSTANCE: fires, unless the stack is listed as not production.",
  configSchema: {
    properties: { nonProductionStacks: { type: "array", items: { type: "string" }, default: [] } },
  },
  resourceTypes: [T.broker],
  validateResource({ props, urn, getConfig }, report) {
    const { nonProductionStacks = [] } = getConfig<BrokerDeploymentConfig>();
    if (nonProductionStacks.includes(stackOfUrn(urn))) return;
    const mode = props.deploymentMode ?? "SINGLE_INSTANCE";
    if (mode !== "CLUSTER_MULTI_AZ") report(`the broker runs as ${mode}: set deploymentMode: "CLUSTER_MULTI_AZ"`);
  },
};

export const brokerPrivateLogged: GuardrailResourcePolicy = {
  name: "mq-private-and-logged",
  description:
    "Brokers are reachable only inside the VPC and write general logs. Set publiclyAccessible: false and logs.general: true.",
  controls: ["mq-no-public-access"],
  enforcementLevel: "mandatory",
  missing: "publiclyAccessible defaults to false (passes); logs.general defaults to false: fires.",
  resourceTypes: [T.broker],
  validateResource({ props }, report) {
    if (flag(props, "publiclyAccessible", false))
      report("the broker is publicly accessible: set publiclyAccessible: false");
    if (!flag(props.logs ?? {}, "general", false)) report("general logs are off: set logs: { general: true }");
  },
};

export const mqPolicies = [brokerMinorUpgrades, brokerClusterDeployment, brokerPrivateLogged];

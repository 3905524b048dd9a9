/** ECS on Fargate: private tasks, hardened containers, secrets out of the environment, logs, insights. */
import { isSet, jsonDocument, list, T } from "./props";
import { GuardrailResourcePolicy } from "./types";

/** Environment variable names that hold a credential: they belong in `secrets`. */
export const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|ACCESS_?KEY)/i;

/** The container definitions of a task definition (a JSON text input), or undefined when unreadable. */
function containersOf(props: Record<string, any>): any[] | undefined {
  const containers = jsonDocument(props.containerDefinitions);
  return Array.isArray(containers) ? containers : undefined;
}

export const serviceNoPublicIp: GuardrailResourcePolicy = {
  name: "ecs-service-no-public-ip",
  description:
    "ECS services do not give their tasks public IP addresses. Set networkConfiguration.assignPublicIp: false.",
  controls: ["ECS.2"],
  enforcementLevel: "mandatory",
  missing: "assignPublicIp defaults to false: passes.",
  resourceTypes: [T.ecsService],
  validateResource({ props }, report) {
    if (props.networkConfiguration?.assignPublicIp === true) {
      report("tasks get public IP addresses: set networkConfiguration.assignPublicIp: false");
    }
  },
};

export const containerHardening: GuardrailResourcePolicy = {
  name: "ecs-container-hardening",
  description:
    "Containers run unprivileged with a read-only root file system. Set privileged: false and readonlyRootFilesystem: true on every container (mount a volume where it must write).",
  controls: ["ECS.4", "ECS.5"],
  enforcementLevel: "mandatory",
  missing: "privileged defaults to false (passes); readonlyRootFilesystem defaults to false: fires.",
  resourceTypes: [T.taskDefinition],
  validateResource({ props }, report) {
    const containers = containersOf(props);
    if (!containers) return report("containerDefinitions is not a JSON list of containers");
    for (const container of containers) {
      if (container.privileged === true) report(`container ${container.name} is privileged: set privileged: false`);
      if (container.readonlyRootFilesystem !== true) {
        report(`container ${container.name} can write its root file system: set readonlyRootFilesystem: true`);
      }
    }
  },
};

export const containerSecretsAndLogs: GuardrailResourcePolicy = {
  name: "ecs-secrets-and-logging",
  description:
    "Containers take credentials from `secrets` (Secrets Manager or SSM), never from plain `environment`, and send their logs somewhere. Move the variable to secrets; set logConfiguration.",
  controls: ["ECS.8", "AS-ECS2", "ECS.9"],
  enforcementLevel: "mandatory",
  missing: "no logConfiguration means the container's output is lost: fires; no environment passes.",
  resourceTypes: [T.taskDefinition],
  validateResource({ props }, report) {
    const containers = containersOf(props);
    if (!containers) return report("containerDefinitions is not a JSON list of containers");
    for (const container of containers) {
      for (const variable of list(container.environment).filter((v: any) => SECRET_NAME.test(v.name ?? ""))) {
        report(`container ${container.name} has ${variable.name} in its environment: pass it through secrets`);
      }
      if (!isSet(container.logConfiguration?.logDriver)) {
        report(`container ${container.name} has no log configuration: set logConfiguration`);
      }
    }
  },
};

export const clusterInsights: GuardrailResourcePolicy = {
  name: "ecs-container-insights",
  description:
    'ECS clusters have Container Insights on. Add the setting { name: "containerInsights", value: "enabled" }.',
  controls: ["ECS.12"],
  enforcementLevel: "advisory",
  missing: "without the setting Container Insights is off (unless the account default turns it on): listed.",
  resourceTypes: [T.ecsCluster],
  validateResource({ props }, report) {
    const setting = list(props.settings).find((s: any) => s.name === "containerInsights");
    if (!setting || !["enabled", "enhanced"].includes(setting.value)) {
      report('Container Insights is off: add the setting containerInsights "enabled"');
    }
  },
};

export const fargateLatestPlatform: GuardrailResourcePolicy = {
  name: "ecs-fargate-platform-latest",
  description: 'Fargate services run the latest platform version. Leave platformVersion unset or "LATEST".',
  controls: ["ECS.10"],
  enforcementLevel: "advisory",
  missing: "platformVersion defaults to LATEST: passes.",
  resourceTypes: [T.ecsService],
  validateResource({ props }, report) {
    const version = props.platformVersion ?? "LATEST";
    if (version !== "LATEST") report(`the service pins platform version ${version}: set platformVersion "LATEST"`);
  },
};

export const ecsPolicies = [
  serviceNoPublicIp,
  containerHardening,
  containerSecretsAndLogs,
  clusterInsights,
  fargateLatestPlatform,
];

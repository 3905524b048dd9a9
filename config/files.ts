/**
 * Reads the project's own Pulumi.yaml and Pulumi.<stack>.yaml files into the raw config map
 * the engine would hand the program, so the offline plan and the tests evaluate exactly the
 * values that `pulumi up` would. Follows the CLI's rules: project-level keys without a
 * namespace belong to the project, stack values override project values, and structured
 * values arrive as JSON text.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { RawConfig } from "./reader";

/** The repository root: where Pulumi.yaml lives. */
export const PROJECT_ROOT = path.resolve(__dirname, "..");

let checkout = PROJECT_ROOT;

/**
 * The directory whose stack files a running program compares its own config with (the
 * checks of config/primary-switch.ts): the project under `pulumi up`, the fleet being
 * evaluated offline.
 */
export function checkoutRoot(): string {
  return checkout;
}

/** Points `checkoutRoot` at another fleet's directory (the offline evaluator does, per stack). */
export function useCheckoutRoot(root: string): void {
  checkout = root;
}

interface ProjectFile {
  name: string;
  config?: Record<string, unknown>;
}

/**
 * A YAML file's contents. A syntax error names the file as well as the line and column, so
 * an operator with several stack files open knows which one to fix.
 */
export function readYamlFile(file: string): unknown {
  const text = fs.readFileSync(file, "utf8");
  try {
    return parse(text);
  } catch (error) {
    throw new StackFileError(file, (error as Error).message);
  }
}

/** A stack or project file that is not valid YAML. */
export class StackFileError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${path.basename(file)} is not valid YAML: ${detail}`);
    this.name = "StackFileError";
  }
}

export function readProjectFile(root = PROJECT_ROOT): ProjectFile {
  const project = readYamlFile(path.join(root, "Pulumi.yaml")) as ProjectFile;
  if (!project?.name) throw new Error(`${path.join(root, "Pulumi.yaml")} has no project name`);
  return project;
}

/** Stack names that have a `Pulumi.<stack>.yaml` file, sorted. */
export function listStacks(root = PROJECT_ROOT): string[] {
  return fs
    .readdirSync(root)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/**
 * Raw configs already merged, by the texts of Pulumi.yaml and the stack file. Parsing YAML
 * is the slow part of reading config, and every stack's evaluation reads its sibling cells'
 * files (config/primary-switch.ts): without this, a fleet of N cells parses N² files per
 * plan. Keyed by content, so an edited file is parsed again.
 */
const mergedConfigs = new Map<string, RawConfig>();

/** The merged raw config of one stack, as the engine would present it. */
export function loadStackConfig(stack: string, root = PROJECT_ROOT): RawConfig {
  const projectFile = path.join(root, "Pulumi.yaml");
  const projectText = fs.readFileSync(projectFile, "utf8");
  const stackFile = path.join(root, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(stackFile)) {
    readProjectFile(root); // a broken Pulumi.yaml is the first problem to report
    throw new Error(`no stack file ${stackFile}`);
  }
  const key = `${projectText}\0${fs.readFileSync(stackFile, "utf8")}`;
  const merged = mergedConfigs.get(key) ?? mergeStackConfig(readProjectFile(root), stackFile);
  mergedConfigs.set(key, merged);
  return { ...merged };
}

/** The project's values overridden by the stack file's. */
function mergeStackConfig(project: ProjectFile, stackFile: string): RawConfig {
  const stackConfig = (readYamlFile(stackFile) as { config?: Record<string, unknown> } | null)?.config ?? {};
  const raw: Record<string, string> = {};
  for (const [key, declared] of Object.entries(project.config ?? {})) {
    const value = projectValue(declared);
    if (value !== undefined && value !== null) raw[qualify(key, project.name)] = toRaw(value);
  }
  // A key with an empty value (`key:`) is unset, not the text "null".
  for (const [key, value] of Object.entries(stackConfig)) {
    if (value !== null) raw[qualify(key, project.name)] = toRaw(value);
  }
  return raw;
}

/** A project-level entry is a plain value, `{ value }`, or a schema with a `default`. */
function projectValue(declared: unknown): unknown {
  if (declared !== null && typeof declared === "object" && !Array.isArray(declared)) {
    const entry = declared as Record<string, unknown>;
    if ("value" in entry) return entry.value;
    if ("type" in entry) return entry.default;
  }
  return declared;
}

function qualify(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

function toRaw(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Timing whole processes for `npm run bench`: wall-clock time measured around the process,
 * and its peak resident memory from GNU time (`/usr/bin/time -f %M`, the largest RSS of the
 * process or of any one of the processes it waited for) when the machine has it. Also the
 * machine's description the figures are printed with.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ProcessRun } from "./report";

/** GNU time, when installed. */
export const GNU_TIME = "/usr/bin/time";

/** Whether peak memory comes from GNU time (else from the child's own report, where it makes one). */
export function hasGnuTime(): boolean {
  return fs.existsSync(GNU_TIME);
}

/** A finished process: its exit code, output, wall time and peak memory. */
export interface TimedProcess extends ProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `command args` in `cwd` and times it; stdout and stderr are collected. */
export function timeProcess(command: string, args: readonly string[], cwd: string): Promise<TimedProcess> {
  const memoryFile = path.join(os.tmpdir(), `storefront-bench-rss-${process.pid}-${Date.now()}`);
  const gnu = hasGnuTime();
  const [file, argv] = gnu ? [GNU_TIME, ["-f", "%M", "-o", memoryFile, command, ...args]] : [command, [...args]];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      let peakKb: number | undefined;
      if (gnu && fs.existsSync(memoryFile)) {
        // GNU time writes "Command exited with non-zero status N" before the figure when the command fails.
        const figure = fs.readFileSync(memoryFile, "utf8").trim().split("\n").at(-1);
        peakKb = Number(figure) || undefined;
        fs.rmSync(memoryFile, { force: true });
      }
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        wallMs,
        peakKb,
      });
    });
  });
}

/** The machine and checkout the figures were measured on. */
export interface Machine {
  cpu: string;
  cpus: number;
  memoryGiB: number;
  os: string;
  node: string;
  date: string;
  commit: string;
  /** The load averages over 1, 5 and 15 minutes when the bench started: above the core count, other work competed for the cores. */
  loadAverage: number[];
}

/** This machine, now, and the commit of the checkout at `root` ("+ changes" when the tree differs from it). */
export function describeMachine(root: string): Machine {
  const git = (...args: string[]) => spawnSync("git", args, { cwd: root, encoding: "utf8" }).stdout?.trim() ?? "";
  const commit = git("rev-parse", "--short", "HEAD") || "unknown";
  const dirty = git("status", "--porcelain", "--untracked-files=no") !== "";
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cpus: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    commit: dirty ? `${commit} + uncommitted changes` : commit,
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

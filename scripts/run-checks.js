// `npm test`: the type check, ESLint, Prettier and every spec, run side by side so the
// whole suite takes about as long as the specs alone. The specs' output streams live; each
// other check prints its output when it finishes. Exits 1 when any check fails, after all
// of them have run, with one line per check and its time.
"use strict";
const { spawn } = require("node:child_process");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const bin = (file) => path.join(root, "node_modules", file);

// Caches live under node_modules/.cache (never committed): a clean clone (CI) checks
// everything, a second run re-checks only what changed. ESLint's cache re-lints changed
// files only, so a type change that affects an unchanged file's lint is caught by a clean run.
const cache = (name) => path.join(root, "node_modules", ".cache", name);

const checks = [
  // A larger young generation: evaluating the fleets allocates many short-lived objects, and
  // fewer scavenges save about a sixth of the specs' CPU time.
  { name: "mocha", args: ["--max-semi-space-size=64", bin("mocha/bin/mocha.js")], live: true },
  {
    name: "tsc --noEmit",
    yields: true,
    args: [bin("typescript/bin/tsc"), "--noEmit", "--incremental", "--tsBuildInfoFile", cache("tsc.tsbuildinfo")],
  },
  {
    name: "eslint .",
    args: [
      bin("eslint/bin/eslint.js"),
      ".",
      "--cache",
      "--cache-strategy",
      "content",
      "--cache-location",
      cache("eslint/"),
    ],
  },
  {
    name: "prettier --check .",
    yields: true,
    args: [
      bin("prettier/bin/prettier.cjs"),
      "--check",
      ".",
      "--log-level",
      "warn",
      "--cache",
      "--cache-strategy",
      "content",
    ],
  },
];

function run(check) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, check.args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    // The specs and ESLint take longest: the shorter checks yield the CPU to them.
    if (check.yields) {
      try {
        os.setPriority(child.pid, 10);
      } catch {
        // Not permitted here: every check keeps the same priority.
      }
    }
    let buffered = "";
    const take = (stream) => (chunk) => (check.live ? stream.write(chunk) : (buffered += chunk));
    child.stdout.on("data", take(process.stdout));
    child.stderr.on("data", take(process.stderr));
    child.on("close", (code) => {
      if (buffered.trim()) process.stdout.write(`\n--- ${check.name} ---\n${buffered}`);
      resolve({ name: check.name, code, seconds: (Date.now() - started) / 1000 });
    });
  });
}

Promise.all(checks.map(run)).then((results) => {
  process.stdout.write("\n");
  for (const { name, code, seconds } of results) {
    process.stdout.write(`${code === 0 ? "ok    " : "FAILED"} ${name} (${seconds.toFixed(1)} s)\n`);
  }
  process.exitCode = results.every((r) => r.code === 0) ? 0 : 1;
});

import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../config/files";

/**
 * The documentation as a reader meets it: a README short enough to read first, links that
 * lead somewhere, citations of docs/aws-behaviours.md that name real entries, and nothing
 * that points outside the repository (a reader of a clone cannot follow such a pointer).
 */

/**
 * Files other changes are adding. A link to one of them is accepted while it is missing;
 * once the file exists its links are checked like any other. Remove an entry when its file
 * has landed.
 */
const PENDING_FILES: string[] = [];

const README_LIMIT_BYTES = 15_000;
const SKIPPED_DIRECTORIES = new Set(["node_modules", ".git", "bin"]);
const TEXT_FILE = /\.(ts|js|mjs|md|ya?ml|json)$/;

/** Every text file of the repository (source, docs, config), relative to the root. */
function repositoryFiles(dir = ""): string[] {
  return fs.readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRECTORIES.has(entry.name) ? [] : repositoryFiles(relative);
    return TEXT_FILE.test(entry.name) && entry.name !== "package-lock.json" ? [relative] : [];
  });
}

function read(file: string): string {
  return fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
}

function exists(file: string): boolean {
  return fs.existsSync(path.join(PROJECT_ROOT, file));
}

/** The documents whose links are checked: the README and everything in docs/. */
function documents(): string[] {
  return ["README.md", ...fs.readdirSync(path.join(PROJECT_ROOT, "docs")).map((f) => `docs/${f}`)].filter((f) =>
    f.endsWith(".md"),
  );
}

/** Markdown outside fenced code blocks, where `[text](target)` is a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "");
}

/** The anchors GitHub gives a document's headings. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/ /g, "-");
    let unique = slug;
    for (let n = 1; anchors.has(unique); n++) unique = `${slug}-${n}`;
    anchors.add(unique);
  }
  return anchors;
}

/** A repository path that lies outside the repository, or undefined. */
function outside(fromFile: string, target: string): string | undefined {
  const resolved = path.resolve(PROJECT_ROOT, path.dirname(fromFile), target);
  const relative = path.relative(PROJECT_ROOT, resolved);
  return relative.startsWith("..") || path.isAbsolute(relative) ? resolved : undefined;
}

// Spelled in pieces so that this file does not contain what it forbids.
const FORBIDDEN_WORDS = [["aws", "facts"].join("-"), ["", "work", "shared"].join("/")];
const ABSOLUTE_WORKSPACE = new RegExp(["", "work", ""].join("/"));

describe("documentation", () => {
  const files = repositoryFiles();

  it(`keeps README.md under ${README_LIMIT_BYTES} bytes`, () => {
    const size = fs.statSync(path.join(PROJECT_ROOT, "README.md")).size;
    assert.ok(size < README_LIMIT_BYTES, `README.md is ${size} bytes; move detail into docs/`);
  });

  it("points nowhere outside the repository, in any comment, doc or config", () => {
    const found: string[] = [];
    for (const file of files) {
      const text = read(file);
      for (const word of FORBIDDEN_WORDS) if (text.includes(word)) found.push(`${file}: mentions ${word}`);
      if (ABSOLUTE_WORKSPACE.test(text)) found.push(`${file}: names an absolute workspace path`);
      // `../x` that climbs out of the repository from the file's own folder.
      for (const [target] of text.matchAll(/(?<![\w.])(?:\.\.\/)+[\w.-]+/g)) {
        const escaped = outside(file, target);
        if (escaped) found.push(`${file}: ${target} leaves the repository`);
      }
    }
    assert.ok(files.length > 50, `only ${files.length} files were searched`);
    assert.deepEqual(found, []);
  });

  it("names only Markdown documents that exist in the repository (or are pending)", () => {
    const documentNames = new Set(files.filter((f) => f.endsWith(".md")).map((f) => path.posix.basename(f)));
    const pendingNames = new Set(PENDING_FILES.map((f) => path.posix.basename(f)));
    const missing: string[] = [];
    for (const file of files) {
      // Web addresses name other projects' documents; only names within this repository count.
      const text = read(file).replace(/https?:\/\/\S+/g, "");
      for (const [name] of text.matchAll(/[\w-]+\.md\b/g)) {
        if (!documentNames.has(name) && !pendingNames.has(name)) missing.push(`${file}: ${name}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it("links, from README.md and docs/, only to files and headings that exist", () => {
    const broken: string[] = [];
    let links = 0;
    for (const document of documents()) {
      for (const [, target] of prose(read(document)).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        links++;
        const [file, anchor] = target.split("#");
        const linked =
          file === "" ? document : path.posix.normalize(path.posix.join(path.posix.dirname(document), file));
        if (outside(document, file)) {
          broken.push(`${document}: ${target} leaves the repository`);
        } else if (!exists(linked)) {
          if (!PENDING_FILES.includes(linked)) broken.push(`${document}: ${target} (no ${linked})`);
        } else if (anchor && linked.endsWith(".md") && !anchorsOf(read(linked)).has(anchor)) {
          broken.push(`${document}: ${target} (no heading #${anchor} in ${linked})`);
        }
      }
    }
    assert.ok(links > 30, `only ${links} links were found`);
    assert.deepEqual(broken, []);
  });

  it("cites only entries and sections docs/aws-behaviours.md has, and numbers its entries 1, 2, 3, ...", () => {
    const behaviours = read("docs/aws-behaviours.md");
    const numbers = [...behaviours.matchAll(/^### (\d+)\. /gm)].map((m) => Number(m[1]));
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => i + 1),
      "entries are numbered in order from 1",
    );
    const sections = [...behaviours.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    const wrong: string[] = [];
    let citations = 0;
    for (const file of files) {
      const text = read(file);
      for (const [, list] of text.matchAll(/aws-behaviours\.md,? (#\d+(?:,? #\d+)*)/g)) {
        for (const [, n] of list.matchAll(/#(\d+)/g)) {
          citations++;
          if (!numbers.includes(Number(n))) wrong.push(`${file}: #${n}`);
        }
      }
      for (const [, quoted] of text.matchAll(/aws-behaviours\.md,? \(?"([^"]+)"/g)) {
        // A title may wrap onto the next comment line.
        const title = quoted.replace(/\s*\n\s*(\*|\/\/)?\s*/g, " ");
        citations++;
        if (!sections.includes(title)) wrong.push(`${file}: "${title}"`);
      }
    }
    assert.ok(citations > 50, `only ${citations} citations were found`);
    assert.deepEqual(wrong, []);
  });
});

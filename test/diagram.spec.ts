import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../config/files";
import { StackEvaluation } from "../offline/evaluate";
import { toDot } from "../scripts/diagram/dot";
import { buildFleetView, cellTitle, splitFleet } from "../scripts/diagram/fleet-view";
import { renderSvg } from "../scripts/diagram/render";
import { DIAGRAM_DIR, diagramSources, diagramTarget } from "../scripts/diagram/sources";
import { evaluateAllStacks } from "./support/evaluate";
import { parseSvgTexts } from "./support/svg";
import { evaluateThreeCells, threeCellRoot } from "./fixtures/three-cells";

/** The committed diagram/ against what `npm run diagram` generates from the shipped stack files. */
describe("architecture diagram (diagram/)", () => {
  let fleet: StackEvaluation[] = [];
  let sources: { name: string; dot: string }[] = [];

  before(async () => {
    fleet = await evaluateAllStacks();
    sources = diagramSources(fleet, PROJECT_ROOT);
  });

  it("is current: each committed .dot source is what the stack files give now", () => {
    for (const { name, dot } of sources) {
      const file = path.join(DIAGRAM_DIR, `${name}.dot`);
      assert.ok(fs.existsSync(file), `diagram/${name}.dot is missing: run \`npm run diagram\` and commit diagram/`);
      assert.ok(
        fs.readFileSync(file, "utf8") === dot,
        `diagram/${name}.dot is stale (the program or the stack files changed): run \`npm run diagram\` and commit diagram/`,
      );
    }
  });

  it("holds exactly the generated views, each with its rendered SVG", () => {
    const dots = fs.readdirSync(DIAGRAM_DIR).filter((f) => f.endsWith(".dot"));
    assert.deepEqual(dots.sort(), sources.map((s) => `${s.name}.dot`).sort(), "no .dot the generator no longer writes");
    for (const { name } of sources) {
      assert.ok(fs.existsSync(path.join(DIAGRAM_DIR, `${name}.svg`)), `diagram/${name}.svg: run \`npm run diagram\``);
    }
  });

  it("holds each SVG as rendered from its committed .dot (the renderer gives the same bytes in every process)", async () => {
    for (const { name } of sources) {
      const dot = fs.readFileSync(path.join(DIAGRAM_DIR, `${name}.dot`), "utf8");
      const svg = fs.readFileSync(path.join(DIAGRAM_DIR, `${name}.svg`), "utf8");
      assert.ok(
        svg === (await renderSvg(dot)),
        `diagram/${name}.svg is not the render of diagram/${name}.dot: run \`npm run diagram\` and commit diagram/`,
      );
    }
  });

  it("gives the same DOT text on a second build from the same evaluation (in-process state only)", () => {
    assert.deepEqual(diagramSources(fleet, PROJECT_ROOT), sources);
  });
});

describe("npm run diagram arguments", () => {
  it("writes into the root it draws: diagram/ here, DIR/diagram for --root DIR, or --out", () => {
    assert.deepEqual(diagramTarget([]), { root: PROJECT_ROOT, out: DIAGRAM_DIR });
    assert.deepEqual(diagramTarget(["--root", "other"], "/tmp"), { root: "/tmp/other", out: "/tmp/other/diagram" });
    assert.deepEqual(diagramTarget(["--root", "/a", "--out", "views"], "/tmp"), { root: "/a", out: "/tmp/views" });
    assert.throws(() => diagramTarget(["--root"]), /--root needs a directory/);
  });
});

describe("architecture diagram rendering", () => {
  it("renders the three-cell fleet view to an SVG that parses and names every cell", async () => {
    const fleet = await evaluateThreeCells();
    const svg = await renderSvg(toDot(buildFleetView(fleet, threeCellRoot())));
    const texts = parseSvgTexts(svg);
    const { cells } = splitFleet(fleet);
    assert.equal(cells.length, 3);
    for (const cell of cells) {
      for (const line of cellTitle(cell, threeCellRoot())) assert.ok(texts.includes(line), `the SVG shows "${line}"`);
    }
  });
});

/**
 * The follow-the-sun chart: one panel per cell, stacked top to bottom in the order given,
 * over the same 24 UTC hours, each showing the tasks that run, the scheduled floor and the
 * demand (as the tasks it needs at the scaling target). Written as SVG text in-process, no
 * browser or charting library.
 */
import { CellCapacityInput, capacityDay, Season, SEASON_DATES } from "../capacity/cell-capacity";
import { tasksFor } from "../capacity/traffic";

const WIDTH = 760;
const PANEL_HEIGHT = 120;
const LEFT = 140;
const RIGHT = 20;
const TOP = 50;
const GAP = 30;
const BOTTOM = 40;
const HOUR_WIDTH = (WIDTH - LEFT - RIGHT) / 24;
const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A step line through one value per hour, in panel coordinates. */
function stepPath(values: number[], y: (value: number) => number): string {
  return values
    .map((value, hour) => {
      const x0 = LEFT + hour * HOUR_WIDTH;
      return `${hour === 0 ? "M" : "L"}${x0.toFixed(1)},${y(value).toFixed(1)} L${(x0 + HOUR_WIDTH).toFixed(1)},${y(value).toFixed(1)}`;
    })
    .join(" ");
}

/** The chart of `cells` on the season's reference day, as an SVG document. */
export function followTheSunSvg(cells: readonly CellCapacityInput[], season: Season = "winter"): string {
  const height = TOP + cells.length * (PANEL_HEIGHT + GAP) + BOTTOM;
  const date = SEASON_DATES[season].toISOString().slice(0, 10);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>Follow-the-sun web capacity by cell, ${date}, UTC</title>`,
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="20" font-size="14" font-weight="bold">Web tasks by cell over a day in UTC (${escape(date)})</text>`,
    `<text x="${LEFT}" y="36">filled: tasks running; dashed: scheduled floor; line: demand in tasks at the scaling target</text>`,
  ];
  cells.forEach((cell, index) => {
    const day = capacityDay(cell, season);
    const demandTasks = day.map((hour) => tasksFor(hour.demandRps, cell.requestsPerTarget));
    const top = TOP + index * (PANEL_HEIGHT + GAP);
    const scaleMax = Math.max(cell.maxTasks, ...demandTasks);
    const y = (value: number) => top + PANEL_HEIGHT - (value / scaleMax) * PANEL_HEIGHT;
    const colour = COLOURS[index % COLOURS.length];
    const tasksArea = `${stepPath(
      day.map((hour) => hour.tasks),
      y,
    )} L${(LEFT + 24 * HOUR_WIDTH).toFixed(1)},${y(0).toFixed(1)} L${LEFT},${y(0).toFixed(1)} Z`;
    parts.push(
      `<g class="cell" data-stack="${escape(cell.stack)}">`,
      `<text x="10" y="${top + 14}" font-weight="bold">${escape(cell.stack)}</text>`,
      `<text x="10" y="${top + 28}">${escape(cell.timeZone)}</text>`,
      `<text x="10" y="${top + 42}">ceiling ${cell.maxTasks}</text>`,
      `<rect x="${LEFT}" y="${top}" width="${(24 * HOUR_WIDTH).toFixed(1)}" height="${PANEL_HEIGHT}" fill="none" stroke="#cccccc"/>`,
      `<path class="tasks" d="${tasksArea}" fill="${colour}" fill-opacity="0.35" stroke="${colour}"/>`,
      `<path class="floor" d="${stepPath(
        day.map((hour) => hour.floorTasks),
        y,
      )}" fill="none" stroke="#333333" stroke-dasharray="4 3"/>`,
      `<path class="demand" d="${stepPath(demandTasks, y)}" fill="none" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${LEFT - 4}" y="${top + 10}" text-anchor="end">${scaleMax}</text>`,
      `<text x="${LEFT - 4}" y="${top + PANEL_HEIGHT}" text-anchor="end">0</text>`,
      `</g>`,
    );
  });
  const axisY = TOP + cells.length * (PANEL_HEIGHT + GAP) - GAP + 14;
  parts.push(`<g class="hours">`);
  for (let hour = 0; hour < 24; hour++) {
    const x = LEFT + hour * HOUR_WIDTH + HOUR_WIDTH / 2;
    parts.push(`<text x="${x.toFixed(1)}" y="${axisY}" text-anchor="middle">${String(hour).padStart(2, "0")}</text>`);
  }
  parts.push(
    `</g>`,
    `<text x="${LEFT + 12 * HOUR_WIDTH}" y="${axisY + 16}" text-anchor="middle">hour, UTC</text>`,
    `</svg>`,
  );
  return parts.join("\n") + "\n";
}

import { readCellConfig } from "./config/cell";
import { cellStacks } from "./config/deploy-order";
import { loadStackConfig } from "./config/files";
import { fleetEstimate } from "./cost/estimate";
import { pricedSeasons, peakOfDay, webTasksByUtcHour } from "./cost/task-hours";
const cells = cellStacks().map((s) => readCellConfig(loadStackConfig(s), s));
const f = fleetEstimate(cells, "global");
for (const s of f.stacks) { console.log(s.stack, s.monthlyUsd.toFixed(0)); for (const c of s.byComponent) console.log("   ", c.component, c.monthlyUsd.toFixed(0)); }
console.log(JSON.stringify({ ...f, stacks: undefined }, null, 1));
for (const c of cells) { console.log(c.stack, c.web.minTasks, c.web.peakMinTasks, c.web.maxTasks, JSON.stringify(peakOfDay(c)), webTasksByUtcHour(c).join(","), pricedSeasons(c)[0].map(h=>h.readers).join(","), pricedSeasons(c)[0].map(h=>h.workerTasks).join(",")); }

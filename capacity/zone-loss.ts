/**
 * One rule for the web service's floor and the loss of an Availability Zone. Zonal autoshift
 * (and its practice runs, which happen off-peak, at the floor) moves a zone's traffic away:
 * the floor's tasks in the other zones must carry the load until target tracking adds tasks.
 * The derivation of the off-peak floor (capacity/sizing.ts) and the plan's check
 * (scripts/plan-zones.ts) both ask `holdsWithZoneLost`, so the rule lives here only.
 *
 * Tasks are spread evenly over the zones, so the busiest zone holds ceil(floor / zones) of
 * them; each remaining task may run at its most (`maxRequestsPerTask`, or 100% CPU). Pure.
 */

/** Tasks left when the zone holding the most of `tasks`, spread evenly over `zones`, is shifted away. */
export function tasksAfterZoneLoss(tasks: number, zones: number): number {
  return tasks - Math.ceil(tasks / zones);
}

/**
 * Whether `floor` tasks over `zones` zones carry `loadTasks` with one zone shifted away:
 * `loadTasks` is the load in tasks each at its most (demand / `maxRequestsPerTask`).
 */
export function holdsWithZoneLost(floor: number, zones: number, loadTasks: number): boolean {
  return floor >= zones && tasksAfterZoneLoss(floor, zones) >= loadTasks - 1e-9;
}

/** The smallest floor, at least `from`, that holds `loadTasks` with one of `zones` zones lost (never below `zones`). */
export function zoneSafeFloor(zones: number, loadTasks: number, from = 1): number {
  // With one zone nothing survives its loss: no floor meets the rule (config allows 2 zones or more).
  if (zones < 2) return Math.max(from, Math.ceil(loadTasks - 1e-9), 1);
  let floor = Math.max(from, zones);
  while (!holdsWithZoneLost(floor, zones, loadTasks)) floor++;
  return floor;
}

/** Off-peak demand in tasks at their most: what the off-peak floor carries. */
export function offPeakLoadTasks(offPeakRps: number, maxRequestsPerTask: number): number {
  return (offPeakRps * 60) / maxRequestsPerTask;
}

/**
 * The load a floor carries when the stack file gives no traffic profile: the floor busy at
 * its CPU target, counted in tasks at 100% CPU.
 */
export function floorLoadAtCpuTarget(floor: number, cpuTargetPercent: number): number {
  return (floor * cpuTargetPercent) / 100;
}

/** The off-peak floor against the rule: what it leaves with a zone lost, the load, and the floor that would hold. */
export interface ZoneLossCheck {
  floor: number;
  zones: number;
  tasksLeft: number;
  /** The load in tasks at their most: off-peak demand, or the floor at its CPU target without a profile. */
  loadTasks: number;
  /** Where the load came from. */
  loadFrom: "off-peak demand" | "the floor at its CPU target";
  holds: boolean;
  /** The smallest floor that holds (undefined when none can: the load grows as fast as the floor). */
  neededFloor: number | undefined;
}

/** What the plan checks, with the same rule the derivation applies. */
export function checkFloorZoneLoss(args: {
  floor: number;
  zones: number;
  offPeakRps?: number;
  maxRequestsPerTask: number;
  cpuTargetPercent: number;
}): ZoneLossCheck {
  const { floor, zones } = args;
  const fromDemand = args.offPeakRps !== undefined;
  const loadTasks = fromDemand
    ? offPeakLoadTasks(args.offPeakRps!, args.maxRequestsPerTask)
    : floorLoadAtCpuTarget(floor, args.cpuTargetPercent);
  return {
    floor,
    zones,
    tasksLeft: tasksAfterZoneLoss(floor, zones),
    loadTasks: Math.round(loadTasks * 100) / 100,
    loadFrom: fromDemand ? "off-peak demand" : "the floor at its CPU target",
    holds: holdsWithZoneLost(floor, zones, loadTasks),
    // Without a profile the load grows with the floor: the first floor that holds its own load, if any does.
    neededFloor: fromDemand
      ? zoneSafeFloor(zones, loadTasks)
      : firstFloor(zones, (candidate) => floorLoadAtCpuTarget(candidate, args.cpuTargetPercent)),
  };
}

/** The smallest floor up to `MAX_FLOOR` that holds the load `loadOf` gives it; undefined when none does. */
function firstFloor(zones: number, loadOf: (floor: number) => number): number | undefined {
  for (let floor = zones; floor <= MAX_FLOOR; floor++) if (holdsWithZoneLost(floor, zones, loadOf(floor))) return floor;
  return undefined;
}

/** Where the search for a floor stops: more tasks than a service may run. */
const MAX_FLOOR = 1000;

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** ARC's limits on a practice run configuration (ARC Zonal Shift API Reference, PracticeRunConfiguration). */
export const PRACTICE_RUN_LIMITS = { alarms: 10, windows: 15 } as const;

/** A blocked window as ARC takes it: `Day:HH:MM-Day:HH:MM` within one day, in UTC. */
export const BLOCKED_WINDOW =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01][0-9]|2[0-3]):[0-5][0-9]-\1:([01][0-9]|2[0-3]):[0-5][0-9]$/;

export interface ZonalAutoshiftArgs {
  /** The load balancer whose traffic AWS may shift; it must have zonal shift enabled (`enableZonalShift`). */
  loadBalancerArn: pulumi.Input<string>;
  /** Alarms that end a practice run (and mark it failed) when one goes into ALARM; 1 to 10, in the load balancer's region. */
  outcomeAlarmArns: pulumi.Input<string>[];
  /**
   * Alarms that keep a practice run from starting while one is in ALARM; up to 10.
   * @default []
   */
  blockingAlarmArns?: pulumi.Input<string>[];
  /**
   * UTC windows in which no practice run starts (`Day:HH:MM-Day:HH:MM`, each within one
   * day; up to 15): the cell's peak (capacity/practice-runs.ts).
   * @default []
   */
  blockedWindows?: string[];
}

/**
 * Zonal autoshift for one load balancer: AWS shifts its traffic away from an Availability
 * Zone it finds impaired, and shifts it away from one zone for about 30 minutes a week as a
 * practice run, outside the blocked windows; an outcome alarm ends a practice run that hurts,
 * a blocking alarm keeps one from starting. The load balancer's other zones must carry its
 * traffic without scaling first (docs/aws-behaviours.md #33, #34).
 *
 * Cost: none; zonal shift and zonal autoshift carry no ARC charge.
 */
export class ZonalAutoshift extends pulumi.ComponentResource {
  constructor(name: string, args: ZonalAutoshiftArgs, opts?: pulumi.ComponentResourceOptions) {
    super("storefront:ops:ZonalAutoshift", name, {}, opts);
    const blocking = args.blockingAlarmArns ?? [];
    const windows = args.blockedWindows ?? [];
    const fail = (message: string): never => {
      throw new Error(`ZonalAutoshift ${name}: ${message}`);
    };
    const { alarms, windows: maxWindows } = PRACTICE_RUN_LIMITS;
    if (args.outcomeAlarmArns.length < 1 || args.outcomeAlarmArns.length > alarms) {
      fail(`outcomeAlarmArns must hold 1 to ${alarms} alarms, got ${args.outcomeAlarmArns.length}`);
    }
    if (blocking.length > alarms) fail(`blockingAlarmArns must hold at most ${alarms} alarms, got ${blocking.length}`);
    if (windows.length > maxWindows)
      fail(`blockedWindows must hold at most ${maxWindows} windows, got ${windows.length}`);
    const malformed = windows.filter((window) => !BLOCKED_WINDOW.test(window));
    if (malformed.length > 0) {
      fail(
        `blockedWindows must be Day:HH:MM-Day:HH:MM within one day (e.g. "Mon:21:00-Mon:23:59"), got ${malformed.join(", ")}`,
      );
    }

    const control = (alarmIdentifier: pulumi.Input<string>) => ({ type: "CLOUDWATCH", alarmIdentifier });
    new aws.arczonalshift.ZonalAutoshiftConfiguration(
      name,
      {
        resourceArn: args.loadBalancerArn,
        zonalAutoshiftStatus: "ENABLED",
        outcomeAlarms: args.outcomeAlarmArns.map(control),
        ...(blocking.length > 0 ? { blockingAlarms: blocking.map(control) } : {}),
        ...(windows.length > 0 ? { blockedWindows: windows } : {}),
      },
      { parent: this },
    );
    this.registerOutputs({});
  }
}

/**
 * Names of the cell's alarms. Pure: the cell creates the alarms under these names and the
 * global stack's Route 53 health checks refer to the health alarm by name and region.
 * An alarm name says what broke and where, since it is what an on-call person is paged
 * with: `<app>-<stack>-<what>`.
 */
export function cellAlarmName(app: string, stack: string, what: string): string {
  const name = `${app}-${stack}-${what}`;
  // CloudWatch allows 255 characters; Route 53 refers to an alarm by up to 256.
  if (name.length > 255) throw new Error(`alarm name longer than 255 characters: ${name}`);
  return name;
}

/** The alarm Route 53 follows for a cell: in ALARM when the web service has no healthy task. */
export function cellHealthAlarmName(app: string, stack: string): string {
  return cellAlarmName(app, stack, "web-no-healthy-tasks");
}

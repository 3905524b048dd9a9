import { MockCloud } from "../../offline/mock-cloud";

/**
 * The security groups of every task of a cell (the web service's, the worker's and one per
 * scheduled job), by id, sorted: the only sources the data stores admit.
 */
export function taskGroupIds(cloud: MockCloud): string[] {
  return cloud
    .ofType("aws:ec2/securityGroup:SecurityGroup")
    .filter((group) => group.name.endsWith("-tasks"))
    .map((group) => group.id)
    .sort();
}

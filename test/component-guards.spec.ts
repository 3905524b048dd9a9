import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "node:assert";
import { AccessLogBucket } from "../components/cell/access-log-bucket";
import { Network } from "../components/cell/network";
import { ServiceScaling } from "../components/cell/service-scaling";
import { ZonalAutoshift } from "../components/ops/zonal-autoshift";
import { MockCloud } from "../offline/mock-cloud";
import { RegionSwitch } from "../components/recovery/region-switch";
import { WriterRecord } from "../components/recovery/writer-record";

/**
 * Components are reusable outside the stack programs, so they check their own arguments
 * (guard clauses) instead of trusting that config validation ran first.
 */
/** What the cell config reader would supply for the settings a test does not vary. */
const networkDefaults = {
  natStrategy: "OnePerAz",
  interfaceEndpoints: true,
  privateEcrPulls: false,
  flowLogRetentionDays: 90,
} as const;

describe("component guard clauses", () => {
  before(async () => {
    await new MockCloud().install("guards");
  });
  after(async () => {
    await pulumi.runtime.disconnect();
  });

  it("ZonalAutoshift refuses what ARC would: no outcome alarm, too many windows, a window across days", () => {
    const alarm = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:health";
    const args = { loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1" };
    assert.throws(
      () => new ZonalAutoshift("none", { ...args, outcomeAlarmArns: [] }),
      /outcomeAlarmArns must hold 1 to 10 alarms, got 0/,
    );
    const windows = Array.from({ length: 16 }, () => "Mon:21:00-Mon:23:59");
    assert.throws(
      () => new ZonalAutoshift("many", { ...args, outcomeAlarmArns: [alarm], blockedWindows: windows }),
      /blockedWindows must hold at most 15 windows, got 16/,
    );
    assert.throws(
      () =>
        new ZonalAutoshift("across", { ...args, outcomeAlarmArns: [alarm], blockedWindows: ["Mon:21:00-Tue:04:00"] }),
      /blockedWindows must be Day:HH:MM-Day:HH:MM within one day .* got Mon:21:00-Tue:04:00/,
    );
  });

  it("Network refuses a repeated AZ", () => {
    assert.throws(
      () =>
        new Network("net", {
          ...networkDefaults,
          region: "us-east-1",
          accountId: "123456789012",
          cidr: "10.10.0.0/16",
          availabilityZones: ["us-east-1a", "us-east-1a", "us-east-1b"],
        }),
      /availabilityZones repeats a zone: us-east-1a, us-east-1a, us-east-1b/,
    );
  });

  it("Network refuses an AZ count or VPC size the subnet plan cannot hold", () => {
    const args = {
      ...networkDefaults,
      region: "us-east-1",
      accountId: "123456789012",
      availabilityZones: ["us-east-1a", "us-east-1b"],
    };
    assert.throws(
      () => new Network("small", { ...args, cidr: "10.10.0.0/24" }),
      /VPC prefix length must be \/16 to \/20, got "10\.10\.0\.0\/24"/,
    );
    assert.throws(
      () => new Network("one-az", { ...args, cidr: "10.10.0.0/16", availabilityZones: ["us-east-1a"] }),
      /azCount must be an integer from 2 to 4, got 1/,
    );
  });

  it("AccessLogBucket refuses a bucket prefix longer than S3 allows", () => {
    assert.throws(
      () => new AccessLogBucket("logs", { region: "us-east-1", accountId: "1", bucketPrefix: "x".repeat(38) }),
      /longer than S3's 37-character limit/,
    );
  });

  it("ServiceScaling refuses a floor above the ceiling", () => {
    assert.throws(
      () =>
        new ServiceScaling("scaling", {
          clusterName: "c",
          serviceName: "s",
          minCapacity: 5,
          maxCapacity: 4,
          schedule: [],
          cpuTargetPercent: 60,
        }),
      /scalable target scaling-target: need minTasks \(5\) <= maxTasks \(4\)/,
    );
  });
  describe("Region switch and the writer record", () => {
    const cell = (region: string, isPrimary: boolean) => ({
      region,
      isPrimary,
      peakMinTasks: 4,
      maxTasks: 20,
      albDnsName: `alb.${region}.elb.amazonaws.com`,
      albZoneId: "Z35SXDOTRQ7X7K",
      clusterArn: `arn:aws:ecs:${region}:123456789012:cluster/c`,
      webServiceArn: `arn:aws:ecs:${region}:123456789012:service/c/web`,
      databaseClusterArn: `arn:aws:rds:${region}:123456789012:cluster:db`,
    });
    const args = {
      app: "shop",
      writerHostName: "writer.shop.example.com",
      hostedZoneId: "Z0EXAMPLE",
      cells: [cell("us-east-1", true), cell("eu-west-1", false)],
      globalClusterIdentifier: "shop-global",
      accountId: "123456789012",
    };

    it("RegionSwitch refuses a repeated region, a host that is not writer.<domain> and a zero timeout", () => {
      assert.throws(
        () => new RegionSwitch("rs1", { ...args, cells: [cell("us-east-1", true), cell("us-east-1", false)] }),
        /cells repeats a region: us-east-1, us-east-1/,
      );
      assert.throws(
        () => new RegionSwitch("rs2", { ...args, writerHostName: "api.shop.example.com" }),
        /writerHostName "api\.shop\.example\.com" must be writer\.<domain>/,
      );
      assert.throws(
        () => new RegionSwitch("rs3", { ...args, approvalTimeoutMinutes: 0 }),
        /approvalTimeoutMinutes must be a whole number of minutes, at least 1, got 0/,
      );
    });

    it("WriterRecord refuses a fleet without one primary and health checks that do not match the plans", () => {
      const writer = (region: string, isPrimary: boolean, healthCheckIds: string[]) => ({
        region,
        isPrimary,
        albDnsName: "alb",
        albZoneId: "Z1",
        healthCheckIds,
      });
      const base = { hostName: "writer.shop.example.com", hostedZoneId: "Z0EXAMPLE" };
      assert.throws(
        () =>
          new WriterRecord("w1", { ...base, cells: [writer("us-east-1", false, []), writer("eu-west-1", false, [])] }),
        /exactly one primary, got 0/,
      );
      assert.throws(
        () =>
          new WriterRecord("w2", {
            ...base,
            cells: [writer("us-east-1", true, ["a"]), writer("eu-west-1", false, [])],
          }),
        /each secondary needs exactly one health check, not eu-west-1/,
      );
      assert.throws(
        () =>
          new WriterRecord("w3", {
            ...base,
            cells: [writer("us-east-1", true, []), writer("eu-west-1", false, ["b"])],
          }),
        /the primary needs one health check per plan \(1\), got 0/,
      );
    });
  });
});

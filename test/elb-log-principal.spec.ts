import { strict as assert } from "node:assert";
import { elbLogDeliveryPrincipal } from "../components/cell/elb-log-principal";

describe("elbLogDeliveryPrincipal", () => {
  it("names the regional ELB account in regions opened before August 2022", () => {
    assert.deepEqual(elbLogDeliveryPrincipal("us-east-1"), { AWS: "arn:aws:iam::127311923021:root" });
    assert.deepEqual(elbLogDeliveryPrincipal("eu-west-1"), { AWS: "arn:aws:iam::156460612806:root" });
    assert.deepEqual(elbLogDeliveryPrincipal("ap-southeast-2"), { AWS: "arn:aws:iam::783225319266:root" });
  });

  it("uses the GovCloud partition there", () => {
    assert.deepEqual(elbLogDeliveryPrincipal("us-gov-west-1"), { AWS: "arn:aws-us-gov:iam::048591011584:root" });
  });

  it("uses the log-delivery service principal in newer regions", () => {
    for (const region of ["ap-southeast-3", "eu-central-2", "il-central-1", "ca-west-1"]) {
      assert.deepEqual(elbLogDeliveryPrincipal(region), { Service: "logdelivery.elasticloadbalancing.amazonaws.com" });
    }
  });
});

import { strict as assert } from "node:assert";
import { fargateCapacityStrategy, spotPercentMix } from "../capacity/fargate-mix";
import { imageRepositoryArn, isPrivateEcrImage } from "../components/common/ecr-image";

describe("fargateCapacityStrategy of a spotPercent mix", () => {
  const strategy = (base: number, spotPercent: number) => fargateCapacityStrategy(spotPercentMix(base, spotPercent));
  it("keeps everything on on-demand Fargate when no Spot share is asked for", () => {
    assert.deepEqual(strategy(3, 0), [{ capacityProvider: "FARGATE", base: 3, weight: 1 }]);
  });

  it("reduces the weights to the smallest whole numbers with the same ratio", () => {
    assert.deepEqual(strategy(2, 30), [
      { capacityProvider: "FARGATE", base: 2, weight: 7 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
    ]);
    assert.deepEqual(strategy(1, 50), [
      { capacityProvider: "FARGATE", base: 1, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
    ]);
  });

  it("keeps the on-demand base even when everything above it is on Spot", () => {
    assert.deepEqual(strategy(2, 100), [
      { capacityProvider: "FARGATE", base: 2, weight: 0 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 },
    ]);
    assert.deepEqual(strategy(0, 100), [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }]);
  });

  it("keeps a base and weights given directly, leaving out a provider with no share", () => {
    assert.deepEqual(fargateCapacityStrategy({ onDemandBase: 0, onDemandWeight: 0, spotWeight: 2 }), [
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 2 },
    ]);
    assert.throws(
      () => fargateCapacityStrategy({ onDemandBase: 1, onDemandWeight: 0, spotWeight: 0 }),
      /onDemandWeight and spotWeight must not both be 0/,
    );
  });

  it("refuses out-of-range inputs with a message naming them", () => {
    assert.throws(() => strategy(-1, 0), /onDemandBase must be a whole number from 0 to 1000, got -1/);
    assert.throws(() => strategy(1, 101), /spotPercent must be a whole number from 0 to 100, got 101/);
    assert.throws(() => strategy(1, 12.5), /spotPercent .* got 12.5/);
  });
});

describe("imageRepositoryArn", () => {
  it("scopes a private ECR image to its repository", () => {
    assert.equal(
      imageRepositoryArn("123456789012.dkr.ecr.eu-west-1.amazonaws.com/storefront/web:1.2.3"),
      "arn:aws:ecr:eu-west-1:123456789012:repository/storefront/web",
    );
    assert.equal(
      imageRepositoryArn(`123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:${"a".repeat(64)}`),
      "arn:aws:ecr:us-east-1:123456789012:repository/web",
    );
    assert.equal(
      imageRepositoryArn("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/web:1"),
      "arn:aws-cn:ecr:cn-north-1:123456789012:repository/web",
    );
  });

  it("needs no repository permission for public registries", () => {
    assert.equal(imageRepositoryArn("public.ecr.aws/storefront/web:1.0.0"), undefined);
    assert.equal(imageRepositoryArn("ghcr.io/acme/web:1.0.0"), undefined);
  });

  it("tells a private ECR image (served by ECR's interface endpoints) from a public one", () => {
    assert.equal(isPrivateEcrImage("123456789012.dkr.ecr.eu-west-1.amazonaws.com/storefront/web:1.2.3"), true);
    assert.equal(isPrivateEcrImage("public.ecr.aws/storefront/web:1.0.0"), false);
    assert.equal(isPrivateEcrImage("docker.io/library/nginx:1.27"), false);
  });
});

import { strict as assert } from "node:assert";
import { imageRepositoryArn, isPrivateEcrImage } from "../components/common/ecr-image";
import { fixtureRaw } from "./fixtures/three-cells";
import { evaluateStack, StackEvaluation, stackSuite } from "./support/evaluate";

describe("cell web service", () => {
  const suite = stackSuite();

  suite.eachStack(({ stack, cloud, config }) => {
    const container = () =>
      JSON.parse(cloud().one("aws:ecs/taskDefinition:TaskDefinition", "-web-task").inputs.containerDefinitions)[0];

    it("runs a Fargate cluster with Container Insights and both Fargate capacity providers", () => {
      const cluster = cloud().one("aws:ecs/cluster:Cluster");
      assert.deepEqual(cluster.inputs.settings, [{ name: "containerInsights", value: "enabled" }]);
      const providers = cloud().one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
      assert.deepEqual([...providers.inputs.capacityProviders].sort(), ["FARGATE", "FARGATE_SPOT"]);
      assert.equal(providers.inputs.clusterName, cluster.state.name);
    });

    it("defines an ARM64 Fargate task of the configured size", () => {
      const task = cloud().one("aws:ecs/taskDefinition:TaskDefinition", "-web-task");
      assert.deepEqual(task.inputs.runtimePlatform, { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" });
      assert.deepEqual(task.inputs.requiresCompatibilities, ["FARGATE"]);
      assert.equal(task.inputs.networkMode, "awsvpc");
      assert.equal(task.inputs.cpu, String(config.web.cpu));
      assert.equal(task.inputs.memory, String(config.web.memory));
    });

    it("hardens the container: read-only root, not privileged, writable /tmp only, logs to CloudWatch", () => {
      const web = container();
      assert.equal(web.image, config.web.image);
      assert.equal(web.readonlyRootFilesystem, true);
      assert.equal(web.privileged, false);
      assert.deepEqual(web.mountPoints, [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }]);
      assert.deepEqual(web.portMappings, [{ name: "http", containerPort: config.web.port, protocol: "tcp" }]);
      const logGroup = cloud().one("aws:cloudwatch/logGroup:LogGroup", "web-logs");
      assert.equal(web.logConfiguration.logDriver, "awslogs");
      assert.equal(web.logConfiguration.options["awslogs-group"], logGroup.state.name);
      assert.equal(web.logConfiguration.options["awslogs-region"], stack);
      assert.equal(logGroup.inputs.retentionInDays, config.logRetentionDays);
    });

    it("passes no credential-looking value as a plain environment variable", () => {
      const names: string[] = container().environment.map((e: { name: string }) => e.name);
      assert.ok(names.includes("PORT"));
      for (const name of names) assert.doesNotMatch(name, /SECRET|PASSWORD|TOKEN|CREDENTIAL|KEY/i);
    });

    it("runs the service in private subnets without public IPs, behind the web target group", () => {
      const service = cloud().one("aws:ecs/service:Service", "-web");
      const vpc = cloud().one("awsx:ec2:Vpc");
      const tasks = cloud().one("aws:ec2/securityGroup:SecurityGroup", "web-tasks");
      assert.deepEqual(service.inputs.networkConfiguration, {
        subnets: vpc.state.privateSubnetIds,
        securityGroups: [tasks.id],
        assignPublicIp: false,
      });
      assert.deepEqual(service.inputs.loadBalancers, [
        {
          targetGroupArn: cloud().one("aws:lb/targetGroup:TargetGroup").state.arn,
          containerName: "web",
          containerPort: config.web.port,
        },
      ]);
      assert.equal(service.inputs.platformVersion, "LATEST");
    });

    it("rolls back failed deployments and leaves desiredCount to autoscaling after creation", () => {
      const service = cloud().one("aws:ecs/service:Service", "-web");
      assert.deepEqual(service.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
      assert.equal(service.inputs.desiredCount, config.web.minTasks);
      assert.deepEqual(service.ignoreChanges, ["desiredCount"]);
    });

    it("waits for the listener rule and the capacity providers before creating the service", () => {
      const service = cloud().one("aws:ecs/service:Service", "-web");
      assert.ok(service.dependsOn.includes(cloud().one("aws:lb/listenerRule:ListenerRule").urn));
      assert.ok(
        service.dependsOn.includes(cloud().one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").urn),
      );
    });

    it("keeps the on-demand floor on FARGATE and puts the configured share above it on Spot", () => {
      const strategy = cloud().one("aws:ecs/service:Service", "-web").inputs.capacityProviderStrategies;
      const onDemand = strategy.find((s: any) => s.capacityProvider === "FARGATE");
      assert.equal(onDemand.base, config.web.minTasks);
      const spot = strategy.find((s: any) => s.capacityProvider === "FARGATE_SPOT");
      if (config.web.spotPercent === 0) {
        assert.equal(spot, undefined);
      } else {
        assert.equal(spot.base, 0);
        assert.equal(spot.weight / (spot.weight + onDemand.weight), config.web.spotPercent / 100);
      }
    });

    it("names the target group by prefix and health-checks the configured path", () => {
      const group = cloud().one("aws:lb/targetGroup:TargetGroup");
      assert.equal(group.inputs.name, undefined, "a fixed name cannot be replaced while a listener uses it");
      assert.ok(group.inputs.namePrefix.length <= 6);
      assert.equal(group.inputs.targetType, "ip");
      assert.equal(group.inputs.port, config.web.port);
      assert.equal(group.inputs.healthCheck.path, config.web.healthCheckPath);
      assert.equal(group.inputs.healthCheck.enabled, true);
    });

    it("lets only the load balancer reach the tasks, and the load balancer reach only the tasks", () => {
      const tasks = cloud().one("aws:ec2/securityGroup:SecurityGroup", "web-tasks");
      const alb = cloud().one("aws:ec2/securityGroup:SecurityGroup", "ingress-alb");
      const into = (group: string) =>
        cloud()
          .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
          .filter((r) => r.inputs.securityGroupId === group);
      const out = (group: string) =>
        cloud()
          .ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
          .filter((r) => r.inputs.securityGroupId === group);
      assert.deepEqual(
        into(tasks.id).map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort, r.inputs.toPort]),
        [[alb.id, config.web.port, config.web.port]],
      );
      assert.deepEqual(
        out(alb.id).map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.fromPort]),
        [[tasks.id, config.web.port]],
      );
      // Rules to the data stores are their own spec's concern; the only CIDR rule is HTTPS out.
      assert.deepEqual(
        out(tasks.id)
          .filter((r) => r.inputs.cidrIpv4 !== undefined)
          .map((r) => [r.inputs.cidrIpv4, r.inputs.fromPort, r.inputs.toPort]),
        [["0.0.0.0/0", 443, 443]],
      );
    });

    it("trusts only ECS tasks of this account, and grants the execution role log writes, plus the one repository's pull for a private ECR image", () => {
      for (const role of ["web-execution", "web-task"]) {
        const trust = JSON.parse(cloud().one("aws:iam/role:Role", role).inputs.assumeRolePolicy);
        assert.deepEqual(trust.Statement[0].Principal, { Service: "ecs-tasks.amazonaws.com" });
        assert.deepEqual(trust.Statement[0].Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
      }
      const policy = JSON.parse(cloud().one("aws:iam/rolePolicy:RolePolicy", "web-execution").inputs.policy);
      const logGroup = cloud().one("aws:cloudwatch/logGroup:LogGroup", "web-logs");
      // A public image needs no IAM permission to pull; a private ECR image gets exactly its repository.
      const repository = imageRepositoryArn(config.web.image);
      assert.equal(repository !== undefined, isPrivateEcrImage(config.web.image));
      const pull = repository
        ? [
            { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
            {
              Sid: "PullImage",
              Effect: "Allow",
              Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
              Resource: repository,
            },
          ]
        : [];
      assert.deepEqual(policy.Statement, [
        {
          Sid: "WriteLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${logGroup.state.arn}:log-stream:*`,
        },
        ...pull,
      ]);
      const task = cloud().one("aws:ecs/taskDefinition:TaskDefinition", "-web-task");
      assert.equal(task.inputs.executionRoleArn, cloud().one("aws:iam/role:Role", "web-execution").state.arn);
      assert.equal(task.inputs.taskRoleArn, cloud().one("aws:iam/role:Role", "web-task").state.arn);
      const webRoles = ["web-execution", "web-task"].map((suffix) => cloud().one("aws:iam/role:Role", suffix));
      const attachments = cloud()
        .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .filter((r) => webRoles.some((role) => [role.id, role.state.name].includes(r.inputs.role)));
      assert.equal(attachments.length, 0);
    });
  });

  describe("with a private ECR image", () => {
    const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/storefront/web:2.4.1";
    let variant: StackEvaluation;
    before(async () => {
      const raw = fixtureRaw("us-east-1");
      const web = { ...JSON.parse(raw["storefront:web"]), image };
      variant = await evaluateStack("us-east-1", { raw: { ...raw, "storefront:web": JSON.stringify(web) } });
    });

    it("lets the execution role pull exactly that repository", () => {
      const policy = JSON.parse(variant.cloud.one("aws:iam/rolePolicy:RolePolicy", "web-execution").inputs.policy);
      const pull = policy.Statement.find((s: any) => s.Sid === "PullImage");
      assert.equal(pull.Resource, "arn:aws:ecr:us-east-1:123456789012:repository/storefront/web");
      assert.deepEqual(pull.Action, [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
      ]);
      const login = policy.Statement.find((s: any) => s.Sid === "EcrLogin");
      assert.deepEqual([login.Action, login.Resource], ["ecr:GetAuthorizationToken", "*"]);
      assert.equal(policy.Statement.length, 3);
    });

    // The fixture's images are all on public.ecr.aws, which ECR's interface endpoints do not serve.
    it("gets ECR's interface endpoints, which serve pulls from private repositories only", () => {
      const services = variant.cloud.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => e.inputs.serviceName);
      assert.ok(services.includes("com.amazonaws.us-east-1.ecr.api"));
      assert.ok(services.includes("com.amazonaws.us-east-1.ecr.dkr"));
    });
  });
});

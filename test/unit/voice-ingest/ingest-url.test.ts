import { ingestUrlProblem, parseIngestUrl } from "../../../services/router/src/voice-ingest/ingest-url";
import { loadRouterConfig } from "../../../services/router/src/config";
import { ConfigError } from "../../../services/common/src/config/flags";
import { loadStandaloneConfig } from "../../../services/standalone/src/config";
import { CLUSTER_TOKEN_ARGS } from "../../support/cluster-token";

describe("--voice-ingest URLs", () => {
  it("parses a Redis stream with the default group and claim idle time", () => {
    expect(parseIngestUrl("redis-stream://10.0.0.5:6379/gateway:voice")).toEqual({
      kind: "redis-stream", redisUrl: "redis://10.0.0.5:6379", streamKey: "gateway:voice", group: "pyro", claimIdleMs: 30000,
      display: "redis-stream://10.0.0.5:6379/gateway:voice?group=pyro",
    });
  });

  it("keeps Redis credentials for the connection but not for display; TLS by scheme", () => {
    const t = parseIngestUrl("rediss-stream://app:s3cret@cache:6380/voice?group=routers&claimIdleMs=5000");
    expect(t).toMatchObject({ kind: "redis-stream", redisUrl: "rediss://app:s3cret@cache:6380", group: "routers", claimIdleMs: 5000 });
    expect(t.display).not.toContain("s3cret");
  });

  it("parses AMQP with exchange, routing key and the default queue and exchange type", () => {
    const t = parseIngestUrl("amqp://user:hunter2@rabbit:5672/gateways?exchange=gateway&routingKey=VOICE_SERVER_UPDATE");
    expect(t).toMatchObject({ kind: "amqp", connectUrl: "amqp://user:hunter2@rabbit:5672/gateways", exchange: "gateway", routingKey: "VOICE_SERVER_UPDATE", queue: "pyro-voice", exchangeType: "topic" });
    expect(t.display).toBe("amqp://rabbit:5672/gateways?exchange=gateway&routingKey=VOICE_SERVER_UPDATE&queue=pyro-voice");
  });

  it.each([
    ["http://h:1/x", "must start with redis-stream://"],
    ["redis-stream://h:6379", "needs the stream key"],
    ["redis-stream://h:6379/k?grup=x", "unknown parameter ?grup"],
    ["redis-stream://h:6379/k?group=", "needs ?group="],
    ["redis-stream://h:6379/k?claimIdleMs=5", "claimIdleMs must be an integer"],
    ["amqp://u:p@h:5672/?routingKey=k", "needs ?exchange="],
    ["amqp://u:p@h:5672/?exchange=x", "needs ?routingKey="],
    ["amqp://u:p@h:5672/?exchange=x&routingKey=k&exchangeType=odd", "exchangeType must be one of"],
  ])("rejects %s", (url, problem) => {
    expect(ingestUrlProblem(url)).toContain(problem);
  });

  it("is validated at config time, every bad URL reported, never echoing a password", () => {
    let err: unknown;
    try {
      loadRouterConfig(["--redis", "redis://h:1", ...CLUSTER_TOKEN_ARGS, "--voice-ingest", "amqp://u:hunter2@h:5672/?exchange=x", "--voice-ingest", "redis-stream://:hunter3@h:1"], {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join("\n");
    expect(problems).toContain("--voice-ingest needs ?routingKey=");
    expect(problems).toContain("--voice-ingest needs the stream key");
    expect(problems).not.toMatch(/hunter[23]/);
  });

  it("accepts repeated sources from flags or PYRO_VOICE_INGEST", () => {
    const a = "redis-stream://h:6379/voice";
    const b = "amqp://u:p@h:5672/?exchange=x&routingKey=k";
    expect(loadRouterConfig(["--redis", "redis://h:1", ...CLUSTER_TOKEN_ARGS, "--voice-ingest", a, "--voice-ingest", b], {}).voiceIngest).toEqual([a, b]);
    expect(loadRouterConfig(["--redis", "redis://h:1", ...CLUSTER_TOKEN_ARGS], { PYRO_VOICE_INGEST: `${a};${b}` }).voiceIngest).toEqual([a, b]);
    expect(loadRouterConfig(["--redis", "redis://h:1", ...CLUSTER_TOKEN_ARGS], {}).voiceIngest).toEqual([]);
  });
});

describe("pyro standalone --voice-ingest", () => {
  it("takes the Router's repeatable, validated flag", () => {
    expect(loadStandaloneConfig(["--voice-ingest", "redis-stream://127.0.0.1:6379/voice"], {}).voiceIngest).toEqual(["redis-stream://127.0.0.1:6379/voice"]);
    expect(() => loadStandaloneConfig(["--voice-ingest", "amqp://u:pw@h:5672/"], {})).toThrow(/--voice-ingest needs \?exchange=/);
  });
});

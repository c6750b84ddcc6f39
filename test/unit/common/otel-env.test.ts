/** The standard OTEL_* variables, parsed once with the configuration. */
import { parseOtelEnv } from "../../../services/common/src/config/otel-env";
import { loadTelemetryOptions } from "../../../services/common/src/config/telemetry-config";

describe("OTEL_* environment", () => {
  it("turns tracing on only when an exporter or endpoint is configured", () => {
    expect(parseOtelEnv({}, []).traces).toBeUndefined();
    expect(parseOtelEnv({ OTEL_TRACES_EXPORTER: "none", OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318" }, []).traces).toBeUndefined();
    expect(parseOtelEnv({ OTEL_SDK_DISABLED: "true", OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318" }, []).traces).toBeUndefined();
    expect(parseOtelEnv({ OTEL_TRACES_EXPORTER: "otlp" }, []).traces?.url).toBe("http://localhost:4318/v1/traces");
  });

  it("builds the traces URL, protocol, headers, delay, service name, resource and sampler", () => {
    const o = parseOtelEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/", OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=s%3Dcret,tenant=a", OTEL_BSP_SCHEDULE_DELAY: "200",
      OTEL_SERVICE_NAME: "router-eu", OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=prod",
      OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: "0.25",
    }, []);
    expect(o).toEqual({
      serviceName: "router-eu", resourceAttributes: { "deployment.environment": "prod" }, sampler: { name: "parentbased_traceidratio", ratio: 0.25 },
      traces: { exporter: "otlp", protocol: "http/json", url: "http://collector:4318/v1/traces", headers: { "x-api-key": "s=cret", tenant: "a" }, scheduleDelayMs: 200 },
    });
    expect(parseOtelEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://c:4317", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" }, []).traces).toMatchObject({ protocol: "grpc", url: "http://c:4317" });
  });

  it("reports every bad value without echoing header values", () => {
    expect(() => loadTelemetryOptions("pyro-router", { metricsHost: "127.0.0.1", traceSampleRatio: 1 }, {
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_EXPORTER_OTLP_PROTOCOL: "carrier-pigeon",
      OTEL_EXPORTER_OTLP_HEADERS: "hunter2", OTEL_TRACES_SAMPLER: "sometimes",
    })).toThrow(/OTEL_TRACES_SAMPLER must be one of[\s\S]*OTEL_EXPORTER_OTLP_PROTOCOL must be one of[\s\S]*OTEL_EXPORTER_OTLP_HEADERS must be a comma-separated list of key=value/);
    try {
      loadTelemetryOptions("pyro-router", { metricsHost: "127.0.0.1", traceSampleRatio: 1 }, { OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_EXPORTER_OTLP_HEADERS: "hunter2" });
    } catch (err) {
      expect((err as Error).message).not.toContain("hunter2");
    }
  });
});

/**
 * The standard `grpc.health.v1.Health` service. The empty service name "" is the whole server;
 * each served service has its own entry. Watchers get every change.
 */
import * as grpc from "@grpc/grpc-js";
import { EventEmitter } from "node:events";
import {
  HealthService,
  HealthCheckResponse_ServingStatus as ServingStatus,
  type HealthCheckRequest,
  type HealthCheckResponse,
} from "../../../../gen/ts/grpc/health/v1/health";

export { ServingStatus };

/** Mutable health state of one server. */
export class HealthState {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly changes = new EventEmitter();

  constructor() {
    this.changes.setMaxListeners(0);
  }

  /** Sets the status of `service` ("" = the whole server) and notifies watchers. */
  set(service: string, value: ServingStatus): void {
    if (this.statuses.get(service) === value) return;
    this.statuses.set(service, value);
    this.changes.emit("change", service, value);
  }

  /** Current status, or undefined if the service is unknown. */
  get(service: string): ServingStatus | undefined {
    return this.statuses.get(service);
  }

  /** Sets every known service to NOT_SERVING (used at shutdown). */
  setAllNotServing(): void {
    for (const name of [...this.statuses.keys()]) this.set(name, ServingStatus.NOT_SERVING);
  }

  /** Registers the Health service on `server`. */
  register(server: grpc.Server): void {
    server.addService(HealthService, {
      check: (call: grpc.ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>, cb: grpc.sendUnaryData<HealthCheckResponse>) => {
        const s = this.statuses.get(call.request.service);
        if (s === undefined) cb({ code: grpc.status.NOT_FOUND, details: `unknown service "${call.request.service}"` });
        else cb(null, { status: s });
      },
      watch: (call: grpc.ServerWritableStream<HealthCheckRequest, HealthCheckResponse>) => {
        const name = call.request.service;
        const send = (s: ServingStatus): void => void call.write({ status: s });
        send(this.statuses.get(name) ?? ServingStatus.SERVICE_UNKNOWN);
        const onChange = (service: string, s: ServingStatus): void => { if (service === name) send(s); };
        this.changes.on("change", onChange);
        const stop = (): void => { this.changes.removeListener("change", onChange); };
        call.on("cancelled", stop);
        call.on("close", stop);
        call.on("error", stop);
      },
    });
  }
}

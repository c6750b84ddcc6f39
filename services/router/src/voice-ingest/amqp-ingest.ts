/**
 * Pulls gateway voice packets from RabbitMQ (AMQP 0-9-1) with amqplib. Every Router consumes the
 * same durable queue, bound to the gateway's exchange with the configured routing key, so RabbitMQ
 * gives each message to one Router. A message is acknowledged once handled; when the voice service
 * fails it is requeued once (another Router, or this one, retries it) and dropped on the second
 * failure, so a poison message cannot loop. A message body is the dispatch's JSON; an optional
 * header `bot_user_id` names the bot it belongs to. amqplib's connection recovery reconnects with
 * backoff and runs the setup (exchange, queue, binding, consumer) again on every connection.
 */
import { connect, type Channel, type ChannelModel, type ConsumeMessage, type RecoveringChannelModel } from "amqplib";
import type { Logger } from "../../../common/src/logger";
import type { IngestHandler } from "./ingest-handler";
import type { IngestTarget } from "./ingest-url";

/** Unacknowledged messages RabbitMQ may push to one Router at a time. */
const PREFETCH = 500;

/** A running AMQP source. */
export class AmqpIngest {
  private model: RecoveringChannelModel | undefined;
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly target: Extract<IngestTarget, { kind: "amqp" }>,
    private readonly handler: IngestHandler,
    private readonly logger: Logger,
    /** The Router's lifetime, passed to the handling of every message. */
    private readonly signal?: AbortSignal,
  ) {}

  /** Starts connecting (in the background: an unreachable broker does not hold the Router's start). */
  async start(): Promise<void> {
    const t = this.target;
    this.model = await connect(t.connectUrl, {
      recovery: { waitForConnect: false, maxDelay: 5000, setup: (model: ChannelModel) => this.setup(model) },
    });
    this.model.on("connect", () => this.logger.info("voice ingest reading", { source: t.display }));
    this.model.on("disconnect", (err: Error) => this.logger.warn("voice ingest broker connection lost; reconnecting", { source: t.display, err: err?.message }));
    this.model.on("error", (err: Error) => this.logger.debug("voice ingest broker error", { source: t.display, err: err.message }));
  }

  /** Finishes the messages being handled, then closes the connection. */
  async stop(): Promise<void> {
    await Promise.all(this.inFlight);
    await this.model?.close().catch(() => undefined);
  }

  private async setup(model: ChannelModel): Promise<void> {
    const t = this.target;
    const ch = await model.createChannel();
    await ch.assertExchange(t.exchange, t.exchangeType, { durable: true });
    await ch.assertQueue(t.queue, { durable: true });
    await ch.bindQueue(t.queue, t.exchange, t.routingKey);
    await ch.prefetch(PREFETCH);
    await ch.consume(t.queue, (msg) => {
      if (!msg) return;
      const work = this.onMessage(ch, msg);
      this.inFlight.add(work);
      void work.finally(() => this.inFlight.delete(work));
    }, { noAck: false });
  }

  private async onMessage(ch: Channel, msg: ConsumeMessage): Promise<void> {
    const bot = msg.properties.headers?.bot_user_id;
    const outcome = await this.handler.handle("amqp", msg.content.toString("utf8"), typeof bot === "string" ? bot : undefined, this.signal);
    try {
      if (outcome === "failed" && !msg.fields.redelivered) ch.nack(msg, false, true);
      else ch.ack(msg);
    } catch {
      // The channel closed meanwhile: RabbitMQ redelivers the message to another consumer.
    }
  }
}

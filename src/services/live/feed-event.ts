import type { KafkaRecord } from '../../adapters/kafka/types';
import { encodeLiveCursor } from './cursor';
import type { DecodedPayload, PayloadDecoderPort } from './payload-port';

/** One Kafka record as the live plane fans it out; decoded lazily and at most once, however many subscribers see it. */
export class FeedEvent {
  private parsed?: { value: unknown } | null;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: number,
    readonly timestamp: number,
    readonly key: Buffer | null,
    readonly value: Buffer | null,
    readonly headers: Record<string, Buffer>,
    private readonly decoder?: PayloadDecoderPort,
  ) {}

  static fromRecord(record: KafkaRecord, decoder?: PayloadDecoderPort): FeedEvent {
    return new FeedEvent(record.topic, record.partition, record.offset, record.timestamp, record.key, record.value, record.headers, decoder);
  }

  private decodedPayload?: DecodedPayload;
  /** The value's format and decoded form (schema'd values through the registry); undefined without a decoder. */
  payload(): DecodedPayload | undefined {
    if (!this.decoder) return undefined;
    this.decodedPayload ??= this.decoder.decode(this.value, this.topic);
    return this.decodedPayload;
  }

  /** The value parsed as JSON; undefined when it is not JSON. */
  json(): unknown {
    if (this.parsed === undefined) {
      try {
        this.parsed = this.value === null ? null : { value: JSON.parse(this.value.toString('utf8')) };
      } catch {
        this.parsed = null;
      }
    }
    return this.parsed === null ? undefined : this.parsed.value;
  }

  /** Memo for a typed view of the value (e.g. the enriched clickstream event), keyed by the decoder. */
  private views?: Map<unknown, unknown>;
  view<V>(decoder: (event: FeedEvent) => V): V {
    this.views ??= new Map();
    if (this.views.has(decoder)) return this.views.get(decoder) as V;
    const decoded = decoder(this);
    this.views.set(decoder, decoded);
    return decoded;
  }
}

/**
 * What a subscriber receives: the event plus the positions right after it (the cursor). Subscribers that follow the
 * feed exactly share one delivery object per event — which is also what lets identical subscriptions share one
 * execution and one serialized result.
 */
export class LiveDelivery {
  private encoded?: string;

  constructor(
    readonly event: FeedEvent,
    private readonly positions: readonly number[],
    private readonly scope: string,
  ) {}

  get cursor(): string {
    this.encoded ??= encodeLiveCursor(this.scope, this.positions);
    return this.encoded;
  }
}

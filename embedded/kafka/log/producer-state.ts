import { ErrorCode } from '../protocol/error-codes';
import type { BatchHeader } from '../protocol/record-batch';

/** Kafka keeps the last five batches per producer to recognise retries; so do we. */
const REMEMBERED_BATCHES = 5;

interface RememberedBatch {
  firstSequence: number;
  lastSequence: number;
  baseOffset: number;
}

interface ProducerEntry {
  epoch: number;
  batches: RememberedBatch[];
}

export type SequenceVerdict = { kind: 'append' } | { kind: 'duplicate'; baseOffset: number } | { kind: 'error'; errorCode: number };

/** Per-partition sequence numbers of idempotent producers, rebuilt from the log on recovery. */
export class ProducerStateTable {
  private readonly producers = new Map<number, ProducerEntry>();

  check(header: BatchHeader): SequenceVerdict {
    const entry = this.producers.get(header.producerId);
    if (!entry || header.baseSequence < 0) return { kind: 'append' };
    if (header.producerEpoch < entry.epoch) return { kind: 'error', errorCode: ErrorCode.INVALID_PRODUCER_EPOCH };
    if (header.producerEpoch > entry.epoch) return { kind: 'append' };
    const lastSequence = header.baseSequence + header.lastOffsetDelta;
    const retried = entry.batches.find((batch) => batch.firstSequence === header.baseSequence && batch.lastSequence === lastSequence);
    if (retried) return { kind: 'duplicate', baseOffset: retried.baseOffset };
    const expected = (entry.batches[entry.batches.length - 1]!.lastSequence + 1) | 0;
    // Sequence numbers wrap at int32 max back to 0.
    const wrapped = expected < 0 ? 0 : expected;
    if (header.baseSequence !== wrapped) return { kind: 'error', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    return { kind: 'append' };
  }

  /** Records an appended (or recovered) batch; `header.baseOffset` is its log offset. */
  observe(header: BatchHeader): void {
    if (header.producerId < 0 || header.baseSequence < 0) return;
    let entry = this.producers.get(header.producerId);
    if (!entry || entry.epoch !== header.producerEpoch) {
      entry = { epoch: header.producerEpoch, batches: [] };
      this.producers.set(header.producerId, entry);
    }
    entry.batches.push({ firstSequence: header.baseSequence, lastSequence: header.baseSequence + header.lastOffsetDelta, baseOffset: header.baseOffset });
    if (entry.batches.length > REMEMBERED_BATCHES) entry.batches.shift();
  }
}

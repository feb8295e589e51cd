import { ErrorCode } from '../protocol/error-codes';
import { decodeFetchRequest, encodeFetchResponse, type FetchPartitionResult, type FetchRequest } from '../protocol/messages/fetch';
import type { Reader } from '../protocol/reader';
import type { Writer } from '../protocol/writer';
import type { BrokerState, RequestContext } from './context';

type FetchResults = Array<{ topic: string; partitions: FetchPartitionResult[] }>;

/** Upper bound on a long poll, whatever the client asks (Kafka clients default to 500-5000 ms). */
const MAX_WAIT_CAP_MS = 30_000;

function collect(state: BrokerState, request: FetchRequest): { results: FetchResults; bytes: number; failed: boolean } {
  let bytes = 0;
  let failed = false;
  const results = request.topics.map(({ topic, partitions }) => {
    const found = state.topics.get(topic);
    return {
      topic,
      partitions: partitions.map((wanted): FetchPartitionResult => {
        const log = found?.partitions[wanted.partition];
        if (!log) {
          failed = true;
          return { partition: wanted.partition, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, highWatermark: -1, logStartOffset: -1, records: null };
        }
        let records: Buffer | null = null;
        let errorCode: number = ErrorCode.NONE;
        // Whole batches only; every partition may return at least one batch while the response is under maxBytes.
        if (bytes < request.maxBytes) {
          const limit = Math.min(wanted.partitionMaxBytes, request.maxBytes - bytes);
          const read = log.read(wanted.fetchOffset, limit);
          errorCode = read.errorCode;
          records = read.records;
          if (records) bytes += records.length;
        } else if (wanted.fetchOffset < log.logStartOffset || wanted.fetchOffset > log.logEndOffset) {
          errorCode = ErrorCode.OFFSET_OUT_OF_RANGE;
        }
        if (errorCode !== ErrorCode.NONE) failed = true;
        return { partition: wanted.partition, errorCode, highWatermark: log.highWatermark, logStartOffset: log.logStartOffset, records };
      }),
    };
  });
  return { results, bytes, failed };
}

/**
 * Fetch v4-11 with long polling: answered at once when minBytes are available or a partition has an error, otherwise
 * parked until an append to one of the fetched partitions brings enough bytes, or maxWaitMs passes.
 */
export function handleFetch(state: BrokerState, reader: Reader, writer: Writer, context: RequestContext): void | Promise<void> {
  const request = decodeFetchRequest(reader, context.apiVersion);
  const first = collect(state, request);
  const maxWait = Math.min(Math.max(request.maxWaitMs, 0), MAX_WAIT_CAP_MS);
  if (first.failed || first.bytes >= request.minBytes || maxWait === 0) {
    encodeFetchResponse(writer, context.apiVersion, first.results);
    return;
  }
  const logs = request.topics.flatMap(({ topic, partitions }) => partitions.map((p) => state.topics.partition(topic, p.partition))).filter((log) => log !== undefined);
  return new Promise<void>((resolve, reject) => {
    let scheduled = false;
    let done = false;
    const finish = (ready?: FetchResults): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      for (const log of logs) log.appendListeners.delete(onAppend);
      state.stopping.delete(finish);
      try {
        encodeFetchResponse(writer, context.apiVersion, ready ?? collect(state, request).results);
        resolve();
      } catch (error) {
        reject(error); // the connection logs it and closes
      }
    };
    // Re-check after the current turn so one produce request filling several partitions wakes the fetch once.
    const onAppend = (): void => {
      if (scheduled || done) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        if (done) return;
        try {
          const attempt = collect(state, request);
          if (attempt.failed || attempt.bytes >= request.minBytes) finish(attempt.results);
        } catch (error) {
          // Outside the connection's error handling: answer with what the timeout would, never crash the broker.
          state.logger.warn({ err: error }, 'kafka: fetch wake-up failed');
          finish();
        }
      });
    };
    const timer = setTimeout(() => finish(), maxWait);
    for (const log of logs) log.appendListeners.add(onAppend);
    state.stopping.add(finish);
  });
}

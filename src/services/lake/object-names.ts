/**
 * Confluent's S3 sink object names: `<topics.dir>/<topic>/<encoded partition>/<topic>+<kafka partition>+<start offset><ext>`.
 * The name carries the first offset of the file; the next file of the same Kafka partition starts right after its last.
 */
export interface SinkObjectName {
  topic: string;
  kafkaPartition: number;
  startOffset: number;
  /** the encoded partition directory, e.g. `partition=0` or `year=2026/month=03/day=04/hour=10` */
  encodedPartition: string;
}

const FILE_NAME = /^([A-Za-z0-9._-]+)\+(\d+)\+(\d+)\.(?!keys\.|headers\.)[A-Za-z0-9.]+$/;

export function parseSinkObjectName(key: string, topicsDir: string | null): SinkObjectName | null {
  const slash = key.lastIndexOf('/');
  const match = FILE_NAME.exec(key.slice(slash + 1));
  if (!match) return null;
  const topic = match[1]!;
  let dir = slash < 0 ? '' : key.slice(0, slash);
  const head = `${topicsDir ? `${topicsDir}/` : ''}${topic}/`;
  const at = dir.indexOf(head);
  dir = at >= 0 ? dir.slice(at + head.length) : dir;
  return { topic, kafkaPartition: Number(match[2]), startOffset: Number(match[3]), encodedPartition: dir };
}

export interface OffsetRange {
  startOffset: number;
  /** last offset in the file, from the next file's start; null for the newest file of its partition */
  endOffset: number | null;
  recordCount: number | null;
}

/**
 * Offset ranges derived from the names alone: a file ends where the next file of the same Kafka partition starts.
 * Exact for Default and time-based partitioners; an upper bound when several encoded partitions are open at once
 * (FieldPartitioner) or when records were skipped (dead-lettered, ignored nulls).
 */
export function offsetRanges(names: Array<SinkObjectName | null>): Array<OffsetRange | null> {
  const starts = new Map<string, number[]>();
  for (const name of names) {
    if (!name) continue;
    const id = `${name.topic}\u0000${name.kafkaPartition}`;
    starts.set(id, [...(starts.get(id) ?? []), name.startOffset]);
  }
  for (const list of starts.values()) list.sort((a, b) => a - b);
  return names.map((name) => {
    if (!name) return null;
    const list = starts.get(`${name.topic}\u0000${name.kafkaPartition}`)!;
    const next = list.find((s) => s > name.startOffset);
    const endOffset = next === undefined ? null : next - 1;
    return { startOffset: name.startOffset, endOffset, recordCount: endOffset === null ? null : endOffset - name.startOffset + 1 };
  });
}

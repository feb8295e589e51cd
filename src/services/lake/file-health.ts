import type { StoredObject } from './lake-port';
import { offsetRanges, parseSinkObjectName } from './object-names';

export interface PartitionHourFiles {
  /** encoded partition directory */
  partition: string;
  /** start of the hour the files were written in (UTC) */
  hour: Date;
  files: number;
  bytes: number;
}

export interface SettingAdvice {
  key: string;
  /** the connector's current value, or its default when unset */
  value: string;
  advice: string;
}

export interface FileHealth {
  bucket: string;
  prefix: string;
  objectCount: number;
  totalBytes: number;
  medianFileBytes: number | null;
  p10FileBytes: number | null;
  medianRecordsPerFile: number | null;
  smallFileThresholdBytes: number;
  smallFiles: boolean;
  filesPerPartitionHour: PartitionHourFiles[];
  /** the settings that decide file size, when files are too small */
  settings: SettingAdvice[];
  /** the listing stopped at LAKE_HEALTH_MAX_OBJECTS */
  truncated: boolean;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const HOUR = 3_600_000;

/**
 * The small-files picture of what an S3 sink wrote: how many files each encoded partition gets per hour, their size
 * distribution and records per file; `smallFiles` when the median is under the threshold, with the settings to raise.
 */
export function summarizeFiles(
  objects: StoredObject[],
  context: { bucket: string; prefix: string; topicsDir: string | null; config: Record<string, string>; thresholdBytes: number; truncated: boolean },
): FileHealth {
  const names = objects.map((o) => parseSinkObjectName(o.key, context.topicsDir));
  const ranges = offsetRanges(names);
  const sizes = objects.map((o) => o.size).sort((a, b) => a - b);
  const counts = ranges.flatMap((r) => (r?.recordCount != null ? [r.recordCount] : [])).sort((a, b) => a - b);
  const groups = new Map<string, PartitionHourFiles>();
  objects.forEach((object, i) => {
    const partition = names[i]?.encodedPartition ?? '';
    const hour = new Date(Math.floor(object.lastModified.getTime() / HOUR) * HOUR);
    const id = `${partition}\u0000${hour.getTime()}`;
    const group = groups.get(id) ?? { partition, hour, files: 0, bytes: 0 };
    group.files++;
    group.bytes += object.size;
    groups.set(id, group);
  });
  const medianFileBytes = median(sizes);
  const smallFiles = medianFileBytes !== null && medianFileBytes < context.thresholdBytes;
  const value = (key: string, fallback: string) => context.config[key] ?? fallback;
  const settings: SettingAdvice[] = smallFiles
    ? [
        { key: 'flush.size', value: value('flush.size', ''), advice: 'Raise it so each file holds more records before it is committed.' },
        { key: 'rotate.interval.ms', value: value('rotate.interval.ms', '-1'), advice: 'Raise it (or leave it unset) so time-based rotation closes files less often.' },
        { key: 'partition.duration.ms', value: value('partition.duration.ms', '-1'), advice: 'Use longer time partitions (e.g. daily) so fewer encoded partitions split the data.' },
        ...(Number(value('rotate.schedule.interval.ms', '-1')) > 0
          ? [{ key: 'rotate.schedule.interval.ms', value: value('rotate.schedule.interval.ms', '-1'), advice: 'Raise it: wall-clock rotation closes every open file on each boundary.' }]
          : []),
      ]
    : [];
  return {
    bucket: context.bucket,
    prefix: context.prefix,
    objectCount: objects.length,
    totalBytes: sizes.reduce((a, b) => a + b, 0),
    medianFileBytes,
    p10FileBytes: percentile(sizes, 10),
    medianRecordsPerFile: median(counts),
    smallFileThresholdBytes: context.thresholdBytes,
    smallFiles,
    filesPerPartitionHour: [...groups.values()].sort((a, b) => a.hour.getTime() - b.hour.getTime() || a.partition.localeCompare(b.partition)),
    settings,
    truncated: context.truncated,
  };
}

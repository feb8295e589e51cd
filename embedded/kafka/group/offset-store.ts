import fs from 'node:fs';
import path from 'node:path';
import type { EmbeddedLogger } from '../../logger';

export interface CommittedOffset {
  offset: number;
  metadata: string | null;
}

/** One line of the offsets journal; `d` marks a deletion (of a group, or of a topic across groups). */
interface JournalLine {
  g?: string;
  t?: string;
  p?: number;
  o?: number;
  m?: string | null;
  d?: 1;
  /** The group's protocol type ("consumer", "connect") when a member committed, so it survives a restart as in Kafka. */
  pt?: string;
}

/** Rewrite the journal when it holds this many more lines than live entries. */
const COMPACT_SLACK = 50_000;

/**
 * Committed consumer-group offsets, kept in memory and journaled to `<dataDir>/groups/offsets.jsonl` with one write
 * per commit request (so commits survive kill -9). The journal is compacted on open and when it grows.
 */
export class OffsetStore {
  private readonly groups = new Map<string, Map<string, Map<number, CommittedOffset>>>();
  private readonly protocolTypes = new Map<string, string>();
  private fd: number | null = null;
  private readonly file: string | null;
  private journalLines = 0;

  constructor(
    dataDir: string | null,
    private readonly logger: EmbeddedLogger,
  ) {
    this.file = dataDir === null ? null : path.join(dataDir, 'groups', 'offsets.jsonl');
    if (this.file) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.replay(this.file);
      this.compact();
    }
  }

  private replay(file: string): void {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        this.apply(JSON.parse(line) as JournalLine);
      } catch {
        // Only the last line can be torn by a crash; anything unparsable is skipped.
        this.logger.warn({ file }, 'kafka: skipped an unreadable offsets journal line');
      }
    }
  }

  private apply(line: JournalLine): void {
    if (line.d) {
      if (line.g !== undefined && line.t === undefined) {
        this.groups.delete(line.g);
        this.protocolTypes.delete(line.g);
      }
      else if (line.t !== undefined) for (const topics of this.groups.values()) topics.delete(line.t);
      return;
    }
    if (line.g !== undefined && line.pt) this.protocolTypes.set(line.g, line.pt);
    if (line.g === undefined || line.t === undefined || line.p === undefined || line.o === undefined) return;
    let topics = this.groups.get(line.g);
    if (!topics) this.groups.set(line.g, (topics = new Map()));
    let partitions = topics.get(line.t);
    if (!partitions) topics.set(line.t, (partitions = new Map()));
    partitions.set(line.p, { offset: line.o, metadata: line.m ?? null });
  }

  private append(lines: JournalLine[]): void {
    for (const line of lines) this.apply(line);
    if (!this.file) return;
    this.fd ??= fs.openSync(this.file, 'a');
    fs.writeSync(this.fd, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
    this.journalLines += lines.length;
    if (this.journalLines > this.liveEntries() + COMPACT_SLACK) this.compact();
  }

  private liveEntries(): number {
    let count = 0;
    for (const topics of this.groups.values()) for (const partitions of topics.values()) count += partitions.size;
    return count;
  }

  /** Rewrites the journal with only live entries (write to a temp file, then rename over). */
  private compact(): void {
    if (!this.file) return;
    const lines: string[] = [];
    for (const [g, topics] of this.groups) {
      const pt = this.protocolTypes.get(g);
      if (pt && topics.size > 0) lines.push(JSON.stringify({ g, pt }));
      for (const [t, partitions] of topics) {
        for (const [p, { offset, metadata }] of partitions) lines.push(JSON.stringify({ g, t, p, o: offset, m: metadata }));
      }
    }
    if (this.fd !== null) fs.closeSync(this.fd);
    fs.writeFileSync(`${this.file}.tmp`, lines.length ? lines.join('\n') + '\n' : '');
    fs.renameSync(`${this.file}.tmp`, this.file);
    this.fd = fs.openSync(this.file, 'a');
    this.journalLines = lines.length;
  }

  /** `protocolType`: the committing group's, when it has members (a generation-less commit has none). */
  commit(group: string, entries: ReadonlyArray<{ topic: string; partition: number; offset: number; metadata: string | null }>, protocolType?: string | null): void {
    if (entries.length === 0) return;
    const lines: JournalLine[] = entries.map((entry) => ({ g: group, t: entry.topic, p: entry.partition, o: entry.offset, m: entry.metadata }));
    if (protocolType && this.protocolTypes.get(group) !== protocolType) lines[0]!.pt = protocolType;
    this.append(lines);
  }

  /** The protocol type last seen for a group with committed offsets. */
  protocolType(group: string): string | undefined {
    return this.hasGroup(group) ? this.protocolTypes.get(group) : undefined;
  }

  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(group)?.get(topic)?.get(partition);
  }

  /** All committed offsets of a group, by topic. */
  all(group: string): ReadonlyMap<string, ReadonlyMap<number, CommittedOffset>> {
    return this.groups.get(group) ?? new Map();
  }

  hasGroup(group: string): boolean {
    const topics = this.groups.get(group);
    return topics !== undefined && topics.size > 0;
  }

  groupIds(): string[] {
    return [...this.groups.keys()].filter((group) => this.hasGroup(group));
  }

  deleteGroup(group: string): void {
    if (this.groups.has(group)) this.append([{ g: group, d: 1 }]);
  }

  deleteTopic(topic: string): void {
    for (const topics of this.groups.values()) {
      if (topics.has(topic)) {
        this.append([{ t: topic, d: 1 }]);
        return;
      }
    }
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}

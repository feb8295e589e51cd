import type { Admin, Producer } from 'kafkajs';
import type { EmbeddedLogger } from '../../logger';
import type { ConnectorPlugin } from '../plugins/plugin';

export type TaskState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'FAILED' | 'RESTARTING' | 'STOPPED';

export interface TaskStatus {
  state: TaskState;
  trace: string | null;
}

/** One running task of a connector, sink or source. */
export interface TaskRunner {
  readonly id: number;
  /** Starts the task; resolves once it runs (or failed, which status() then shows). */
  start(paused: boolean): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Stops the task and releases its clients; sinks commit what they wrote first. */
  stop(): Promise<void>;
  status(): TaskStatus;
}

export type StatusListener = (taskId: number, status: TaskStatus) => void;
export type TopicListener = (taskId: number, topic: string) => void;

/** What every task runner, sink or source, is given by the worker. */
export interface TaskRunnerDeps {
  connector: string;
  taskId: number;
  plugin: ConnectorPlugin;
  config: Record<string, string>;
  workerConfig: Record<string, string>;
  admin: Admin;
  producer: Producer;
  logger: EmbeddedLogger;
  onStatus: StatusListener;
  onTopic: TopicListener;
}

/** A Java-style trace for the REST `trace` field: exception class and message, then the stack. */
export function traceOf(error: unknown): string {
  const e = error as Error & { javaClass?: string };
  const javaClass = e?.javaClass ?? 'org.apache.kafka.connect.errors.ConnectException';
  const head = `${javaClass}: ${e?.message ?? String(error)}`;
  // Frames as a JVM prints them: `at method(File.java:line)` — the file's base name, never the install path.
  const frames = (e?.stack ?? '')
    .split('\n')
    .slice(1)
    .map((line) => `\t${line.trim().replace(/\(?(?:[^\s()]*[\\/])?([^\s/\\()]+?):(\d+):\d+\)?$/, '($1:$2)')}`);
  const cause = e?.cause instanceof Error && e.cause !== e ? `\nCaused by: ${traceOf(e.cause)}` : '';
  return [head, ...frames].join('\n') + cause;
}

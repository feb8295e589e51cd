/** What the client process is asked to do, and what it reports back (one JSON line on stdout). */
export type Scenario =
  | { kind: 'produce'; brokers: string; topic: string; messages: number; batchSize: number; messageBytes: number; acks: 1 | -1; inFlight: number }
  | { kind: 'consume'; brokers: string; topic: string; messages: number; groupId: string }
  | { kind: 'produce-ceiling'; topic: string; messages: number; batchSize: number; messageBytes: number; partitions: number }
  | { kind: 'consume-ceiling'; brokers: string; topic: string; partitions: number; rounds: number }
  | { kind: 'latency'; brokers: string; topic: string; ratePerSecond: number; seconds: number; messageBytes: number; groupId: string };

export interface ThroughputResult {
  kind: 'produce' | 'consume';
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  megabytesPerSecond: number;
}

export interface LatencyResult {
  kind: 'latency';
  messages: number;
  achievedRate: number;
  p50: number;
  p99: number;
  max: number;
}

export type Result = ThroughputResult | LatencyResult;

import type { EmbeddedLogger } from '../../logger';
import type { GroupCoordinator } from '../group/group-coordinator';
import type { OffsetStore } from '../group/offset-store';
import type { TopicRegistry } from '../topics/topic-registry';

/** What a request handler can see of the broker. */
export interface BrokerState {
  readonly nodeId: 0;
  readonly clusterId: string;
  readonly advertisedHost: string;
  readonly advertisedPort: number;
  readonly autoCreateTopics: boolean;
  readonly topics: TopicRegistry;
  readonly groups: GroupCoordinator;
  readonly offsets: OffsetStore;
  readonly logger: EmbeddedLogger;
  /** Fresh producer id for InitProducerId, unique across restarts. */
  nextProducerId(): number;
  /** Registers a cleanup for in-flight waits (long-polling fetches) run when the broker stops. */
  readonly stopping: Set<() => void>;
}

/** Per-request facts from the header and the connection. */
export interface RequestContext {
  apiVersion: number;
  clientId: string;
  clientHost: string;
}

/** A finished response frame as buffers, or null when the request gets no response (acks=0 produce). */
export type Response = Buffer[] | null;

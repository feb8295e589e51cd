import { type LiveSink, LiveSubscription } from './live-subscription';

/**
 * The one thing a transport may do with a live subscription besides iterating it: attach a push sink. The server
 * attaches a socket (or SSE stream) sink here to write each event straight to the client; it never sees the
 * subscription's class or its feed.
 */
export interface LiveOutlet<T = unknown> {
  /** Switches the subscription to push mode; buffered items go to the sink as it becomes ready. */
  attach(sink: LiveSink<T>): void;
  /** The sink can take more: move buffered items to it. */
  drain(): void;
  /** The client left: end the subscription and leave its feed. */
  return(): Promise<unknown>;
}

/** The outlet of a subscription source created by the live plane; undefined for any other source (graphql-js path). */
export function liveOutletOf(source: unknown): LiveOutlet | undefined {
  return source instanceof LiveSubscription ? (source as LiveSubscription<unknown>) : undefined;
}

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry for the process, served at GET /metrics in Prometheus text format. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const graphqlRequests = new Counter({
  name: 'pipegraph_graphql_requests_total',
  help: 'GraphQL operations executed, by operation name and type',
  labelNames: ['operation', 'type'] as const,
  registers: [metricsRegistry],
});

export const graphqlLatency = new Histogram({
  name: 'pipegraph_graphql_request_duration_seconds',
  help: 'GraphQL operation latency, by operation name and type',
  labelNames: ['operation', 'type'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const graphqlErrors = new Counter({
  name: 'pipegraph_graphql_errors_total',
  help: 'Errors returned to clients, by public error code',
  labelNames: ['code'] as const,
  registers: [metricsRegistry],
});

export const connectorAutoRestarts = new Counter({
  name: 'pipegraph_connector_auto_restarts_total',
  help: 'Restarts of FAILED connectors made by auto-restart, by Connect cluster and outcome (ok or the error code)',
  labelNames: ['cluster', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const openWebsockets = new Gauge({
  name: 'pipegraph_websockets_open',
  help: 'Open graphql-ws connections',
  registers: [metricsRegistry],
});

export const activeSubscriptions = new Gauge({
  name: 'pipegraph_subscriptions_active',
  help: 'Active GraphQL subscriptions',
  registers: [metricsRegistry],
});

export const liveSharedExecutions = new Counter({
  name: 'pipegraph_live_shared_executions_total',
  help: 'Executions of live events for subscribers (graphql-ws and SSE): one per event per group of identical subscriptions',
  registers: [metricsRegistry],
});

export const backendLatency = new Histogram({
  name: 'pipegraph_backend_call_duration_seconds',
  help: 'Latency of calls to backends, by adapter, operation and outcome',
  labelNames: ['adapter', 'operation', 'outcome'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

/** Wraps one outbound call of an adapter so its latency and outcome are recorded. */
export async function timeBackendCall<T>(adapter: string, operation: string, call: () => Promise<T>): Promise<T> {
  const stop = backendLatency.startTimer({ adapter, operation });
  try {
    const result = await call();
    stop({ outcome: 'ok' });
    return result;
  } catch (error) {
    stop({ outcome: 'error' });
    throw error;
  }
}

import type { Herder } from '../runtime/herder';
import { badRequest, ConnectRestError, notFound } from '../runtime/connect-error';
import type { PluginRegistry } from '../plugins/registry';
import { atLeast, CONNECT_COMMIT, releaseOf, type ConnectVersion } from '../version';
import { Router, type RestRequest } from './router';

export interface RouteDeps {
  /** the worker, once started (requests before that are refused by the server with 409) */
  herder: () => Herder;
  plugins: PluginRegistry;
  kafkaClusterId: () => string;
  /** false until the worker finished reading its topics and starting connectors (GET /health answers 503). */
  ready: () => boolean;
  /** The release imitated: its endpoints, parameters and answers. */
  version: ConnectVersion;
}

const INITIAL_STATES = ['RUNNING', 'PAUSED', 'STOPPED'] as const;

function stringMap(value: unknown, what: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest(`${what} must be a JSON object`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || typeof v === 'object') throw badRequest(`Cannot deserialize value of ${what} key "${k}": expected a string`);
    out[k] = String(v);
  }
  return out;
}

function flag(query: URLSearchParams, name: string): boolean {
  return (query.get(name) ?? 'false').toLowerCase() === 'true';
}

function taskId(request: RestRequest): number {
  const id = Number(request.params.task);
  if (!Number.isInteger(id) || id < 0) throw notFound(`Unknown task: ${request.params.name}-${request.params.task}`);
  return id;
}

/**
 * Every public endpoint of the Connect REST API of the imitated release (reference: anchors-mission.md §2, checked
 * against Kafka's ConnectorsResource, ConnectorPluginsResource and LoggingResource of each release): an endpoint is
 * registered only from the release that introduced it, and parameters a release did not know are ignored, as Jersey
 * ignores unknown query parameters.
 */
export function connectRoutes({ herder, plugins, kafkaClusterId, ready, version }: RouteDeps): Router {
  const has = (minimum: string) => atLeast(version, minimum);
  const loggers = new Map<string, { level: string; last_modified: number | null }>([['root', { level: 'INFO', last_modified: null }]]);
  // last_modified came with KIP-976 (3.7).
  const loggerJson = (logger: { level: string; last_modified: number | null }) => (has('3.7') ? { level: logger.level, last_modified: logger.last_modified } : { level: logger.level });

  return new Router(has)
    .on('GET', '/', () => ({ status: 200, body: { version: releaseOf(version), commit: CONNECT_COMMIT, kafka_cluster_id: kafkaClusterId() } }))
    .on('GET', '/health', () =>
      ready()
        ? { status: 200, body: { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' } }
        : { status: 503, body: { status: 'starting', message: 'Worker is still starting up.' } },
    '3.9')
    .on('GET', '/connectors', ({ query }) => {
      // Each expand value is one expansion ("status,info" is an unknown one, ignored); any expand answers a map.
      const expand = query.getAll('expand');
      const names = herder().connectorNames();
      if (!query.has('expand')) return { status: 200, body: names };
      const out: Record<string, Record<string, unknown>> = {};
      for (const name of names) {
        try {
          out[name] = {
            ...(expand.includes('status') ? { status: herder().status(name) } : {}),
            ...(expand.includes('info') ? { info: herder().info(name) } : {}),
          };
        } catch {
          // Deleted while listing, or no status visible yet: omitted, as Connect does.
        }
      }
      return { status: 200, body: out };
    })
    .on('POST', '/connectors', async ({ body }) => {
      const request = body as { name?: unknown; config?: unknown; initial_state?: unknown } | null;
      if (!request || typeof request !== 'object') throw badRequest('Request body must be a JSON object');
      if (!has('3.7') && 'initial_state' in request) {
        // Jackson refuses a property CreateConnectorRequest did not have yet; Connect's mapper answers that with 500.
        throw new ConnectRestError(500, 'Unrecognized field "initial_state" (class org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest), not marked as ignorable (2 known properties: "name", "config"])');
      }
      const config = request.config === undefined ? {} : stringMap(request.config, 'config');
      const name = typeof request.name === 'string' ? request.name : config.name;
      if (!name) throw badRequest('Connector name cannot be empty');
      if (config.name !== undefined && config.name !== name) {
        throw badRequest(`Connector name configuration (${config.name}) doesn't match connector name in the URL (${name})`);
      }
      const initial = request.initial_state ?? 'RUNNING';
      if (!INITIAL_STATES.includes(initial as never)) {
        throw badRequest(`Invalid initial state ${String(initial)}; must be one of ${INITIAL_STATES.join(', ')}`);
      }
      const info = await herder().create(name, config, initial as (typeof INITIAL_STATES)[number]);
      return { status: 201, body: info, headers: { location: `/connectors/${encodeURIComponent(name)}` } };
    })
    .on('GET', '/connectors/:name', ({ params }) => ({ status: 200, body: herder().info(params.name!) }))
    .on('DELETE', '/connectors/:name', async ({ params }) => {
      await herder().delete(params.name!);
      return { status: 204 };
    })
    .on('GET', '/connectors/:name/config', ({ params }) => ({ status: 200, body: herder().config(params.name!) }))
    .on('PUT', '/connectors/:name/config', async ({ params, body }) => {
      const { created, info } = await herder().putConfig(params.name!, stringMap(body, 'config'));
      return { status: created ? 201 : 200, body: info, headers: created ? { location: `/connectors/${encodeURIComponent(params.name!)}` } : undefined };
    })
    .on('PATCH', '/connectors/:name/config', async ({ params, body }) => {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('config must be a JSON object');
      const patch: Record<string, string | null> = {};
      for (const [k, v] of Object.entries(body)) patch[k] = v === null ? null : String(v);
      return { status: 200, body: await herder().patchConfig(params.name!, patch) };
    }, '3.8')
    .on('GET', '/connectors/:name/status', ({ params }) => ({ status: 200, body: herder().status(params.name!) }))
    .on('GET', '/connectors/:name/tasks', ({ params }) => ({ status: 200, body: herder().taskConfigs(params.name!) }))
    // KIP-661 (2.8; deprecated in 3.7, removed in 4.0): task configs keyed by task id ("<name>-<n>").
    .on('GET', '/connectors/:name/tasks-config', ({ params }) => ({
      status: 200,
      body: Object.fromEntries(herder().taskConfigs(params.name!).map((t) => [`${t.id.connector}-${t.id.task}`, t.config])),
    }), '2.8')
    .on('GET', '/connectors/:name/tasks/:task/status', (request) => ({ status: 200, body: herder().taskStatus(request.params.name!, taskId(request)) }))
    .on('POST', '/connectors/:name/tasks/:task/restart', async (request) => {
      await herder().restartTask(request.params.name!, taskId(request));
      return { status: 204 };
    })
    .on('POST', '/connectors/:name/restart', async ({ params, query }) => {
      // includeTasks / onlyFailed came with KIP-745 (3.0); before, the connector alone restarts.
      const status = has('3.0') ? await herder().restart(params.name!, flag(query, 'includeTasks'), flag(query, 'onlyFailed')) : await herder().restart(params.name!, false, false);
      return status ? { status: 202, body: status } : { status: 204 };
    })
    .on('PUT', '/connectors/:name/pause', async ({ params }) => {
      await herder().pause(params.name!);
      return { status: 202 };
    })
    .on('PUT', '/connectors/:name/resume', async ({ params }) => {
      await herder().resume(params.name!);
      return { status: 202 };
    })
    .on('PUT', '/connectors/:name/stop', async ({ params }) => {
      await herder().stopConnector(params.name!);
      return { status: 202 };
    }, '3.5')
    .on('GET', '/connectors/:name/offsets', async ({ params }) => ({ status: 200, body: await herder().offsets(params.name!) }), '3.5')
    .on('PATCH', '/connectors/:name/offsets', async ({ params, body }) => ({ status: 200, body: await herder().alterOffsets(params.name!, body) }), '3.6')
    .on('DELETE', '/connectors/:name/offsets', async ({ params }) => ({ status: 200, body: await herder().resetOffsets(params.name!) }), '3.6')
    .on('GET', '/connectors/:name/topics', ({ params }) => ({ status: 200, body: { [params.name!]: { topics: herder().activeTopics(params.name!) } } }), '2.5')
    .on('PUT', '/connectors/:name/topics/reset', async ({ params }) => {
      await herder().resetActiveTopics(params.name!);
      return { status: 202 };
    }, '2.5')
    // connectorsOnly came with KIP-769 (3.2); before, only connectors are listed.
    .on('GET', '/connector-plugins', ({ query }) => ({ status: 200, body: plugins.list(!has('3.2') || (query.get('connectorsOnly') ?? 'true').toLowerCase() !== 'false') }))
    .on('GET', '/connector-plugins/:plugin/config', ({ params }) => {
      const definitions = plugins.pluginConfig(params.plugin!);
      if (!definitions) throw notFound(`Unknown plugin ${params.plugin}.`);
      return { status: 200, body: definitions };
    }, '3.2')
    .on('PUT', '/connector-plugins/:plugin/config/validate', ({ params, body }) => ({
      status: 200,
      body: herder().validate(stringMap(body, 'config'), params.plugin!),
    }))
    .on('GET', '/admin/loggers', () => ({ status: 200, body: Object.fromEntries([...loggers].map(([name, logger]) => [name, loggerJson(logger)])) }))
    .on('GET', '/admin/loggers/:logger', ({ params }) => {
      const logger = loggers.get(params.logger!);
      if (!logger) throw notFound(`Logger ${params.logger} not found.`);
      return { status: 200, body: loggerJson(logger) };
    })
    .on('PUT', '/admin/loggers/:logger', ({ params, body, query }) => {
      const level = (body as { level?: unknown } | null)?.level;
      if (typeof level !== 'string' || !/^(TRACE|DEBUG|INFO|WARN|ERROR|FATAL|OFF)$/i.test(level)) throw badRequest(`Invalid log level '${String(level)}'.`);
      // scope came with KIP-976 (3.7); before, every change is for this worker alone.
      const scope = has('3.7') ? (query.get('scope') ?? 'worker').toLowerCase() : 'worker';
      if (scope !== 'worker' && scope !== 'cluster') throw badRequest(`Invalid scope '${scope}'.`);
      loggers.set(params.logger!, { level: level.toUpperCase(), last_modified: Date.now() });
      return scope === 'cluster' ? { status: 204 } : { status: 200, body: [params.logger] };
    });
}

export { ConnectRestError };

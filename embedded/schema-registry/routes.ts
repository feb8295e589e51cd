import { Router } from '../connect/rest/router';
import type { Registry, RegisterRequest } from './registry';
import { errors } from './registry-error';
import type { SchemaVersion } from './schema-store';
import { SCHEMA_TYPES } from './schema-types';

const flag = (query: URLSearchParams, name: string) => query.get(name)?.toLowerCase() === 'true';

/** A stored version as GET /subjects/{s}/versions/{v} prints it (8.x: schemaType always, references when present). */
function schemaBody(v: SchemaVersion) {
  return { subject: v.subject, version: v.version, id: v.id, schemaType: v.schemaType, ...(v.references.length ? { references: v.references } : {}), schema: v.schema };
}

function schemaId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id < 0) throw errors.framework(404, 'Not Found');
  return id;
}

/** The Confluent Schema Registry REST API (default context) over a Registry. */
export function registryRoutes(registry: Registry): Router {
  const ok = (body: unknown) => ({ status: 200, body });
  const raw = (text: string) => ({ status: 200, body: text, headers: { 'content-type': 'text/plain' } });
  return new Router()
    .on('GET', '/', () => ok({}))
    .on('GET', '/schemas/types', () => ok([...SCHEMA_TYPES]))
    .on('GET', '/subjects', ({ query }) =>
      ok(registry.subjectNames({ deleted: flag(query, 'deleted'), deletedOnly: flag(query, 'deletedOnly'), prefix: query.get('subjectPrefix') ?? '' })),
    )
    .on('POST', '/subjects/:subject', ({ params, query, body }) =>
      ok(schemaBody(registry.lookup(params.subject!, body as RegisterRequest, { deleted: flag(query, 'deleted') }))),
    )
    .on('DELETE', '/subjects/:subject', async ({ params, query }) => ok(await registry.deleteSubject(params.subject!, flag(query, 'permanent'))))
    .on('GET', '/subjects/:subject/versions', ({ params, query }) =>
      ok(registry.versionsOf(params.subject!, { deleted: flag(query, 'deleted'), deletedOnly: flag(query, 'deletedOnly') }).map((v) => v.version)),
    )
    .on('POST', '/subjects/:subject/versions', async ({ params, body }) => ok({ id: (await registry.register(params.subject!, body as RegisterRequest)).id }))
    .on('GET', '/subjects/:subject/versions/:version', ({ params, query }) =>
      ok(schemaBody(registry.version(params.subject!, params.version!, { deleted: flag(query, 'deleted') }))),
    )
    .on('GET', '/subjects/:subject/versions/:version/schema', ({ params, query }) =>
      raw(registry.version(params.subject!, params.version!, { deleted: flag(query, 'deleted') }).schema),
    )
    .on('GET', '/subjects/:subject/versions/:version/referencedby', ({ params }) =>
      ok(registry.referencedBy(registry.version(params.subject!, params.version!))),
    )
    .on('DELETE', '/subjects/:subject/versions/:version', async ({ params, query }) =>
      ok(await registry.deleteVersion(params.subject!, params.version!, flag(query, 'permanent'))),
    )
    .on('GET', '/schemas/ids/:id', ({ params }) => {
      const v = registry.schemaById(schemaId(params.id!));
      return ok({ schemaType: v.schemaType, ...(v.references.length ? { references: v.references } : {}), schema: v.schema });
    })
    .on('GET', '/schemas/ids/:id/schema', ({ params }) => raw(registry.schemaById(schemaId(params.id!)).schema))
    .on('GET', '/schemas/ids/:id/subjects', ({ params }) => {
      registry.schemaById(schemaId(params.id!));
      return ok([...new Set(registry.store.versionsOfId(schemaId(params.id!)).filter((v) => !v.deleted).map((v) => v.subject))]);
    })
    .on('GET', '/schemas/ids/:id/versions', ({ params }) => {
      registry.schemaById(schemaId(params.id!));
      return ok(registry.store.versionsOfId(schemaId(params.id!)).filter((v) => !v.deleted).map((v) => ({ subject: v.subject, version: v.version })));
    })
    .on('GET', '/config', () => ok({ compatibilityLevel: registry.level() }))
    .on('PUT', '/config', async ({ body }) => ok({ compatibility: await registry.setLevel(null, (body as { compatibility?: unknown })?.compatibility) }))
    .on('DELETE', '/config', async () => ok({ compatibilityLevel: await registry.deleteLevel(null) }))
    .on('GET', '/config/:subject', ({ params, query }) => {
      const own = registry.store.configs.get(params.subject!);
      if (own) return ok({ compatibilityLevel: own });
      if (flag(query, 'defaultToGlobal')) return ok({ compatibilityLevel: registry.level() });
      throw errors.subjectConfigNotFound(params.subject!);
    })
    .on('PUT', '/config/:subject', async ({ params, body }) =>
      ok({ compatibility: await registry.setLevel(params.subject!, (body as { compatibility?: unknown })?.compatibility) }),
    )
    .on('DELETE', '/config/:subject', async ({ params }) => ok({ compatibilityLevel: await registry.deleteLevel(params.subject!) }))
    // 8.3 serializers ask for associations first and fall back to TopicNameStrategy on an empty list.
    .on('GET', '/associations/resources/:cluster/:resource', () => ok([]))
    .on('GET', '/mode', () => ok({ mode: 'READWRITE' }))
    .on('GET', '/mode/:subject', ({ query, params }) => {
      if (flag(query, 'defaultToGlobal')) return ok({ mode: 'READWRITE' });
      throw errors.subjectModeNotFound(params.subject!);
    })
    .on('POST', '/compatibility/subjects/:subject/versions/:version', ({ params, query, body }) =>
      compatibilityAnswer(() => registry.compatibility(params.subject!, params.version!, body as RegisterRequest), flag(query, 'verbose')),
    )
    .on('POST', '/compatibility/subjects/:subject/versions', ({ params, query, body }) =>
      compatibilityAnswer(() => registry.compatibility(params.subject!, undefined, body as RegisterRequest), flag(query, 'verbose')),
    );

  function compatibilityAnswer(check: () => { compatible: boolean; messages: string[] }, verbose: boolean) {
    try {
      const { compatible, messages } = check();
      return ok(verbose ? { is_compatible: compatible, messages } : { is_compatible: compatible });
    } catch (error) {
      // A malformed candidate is an answer, not an error, when verbose (CompatibilityResource).
      if (verbose && (error as { errorCode?: number }).errorCode === 42201) return ok({ is_compatible: false, messages: [(error as Error).message] });
      throw error;
    }
  }
}

import type { Logger } from '../../logging/logger';
import { timeBackendCall } from '../../observability/metrics';
import { redactUrlCredentials } from '../../secrets';
import { httpRequest } from '../http/http-json';
import { mapRegistryStatus, mapRegistryTransportError, type RegistryCallContext } from './map-error';
import type { CompatibilityAnswer, CompatibilityLevel, SchemaById, SchemaInput, SchemaReference, SchemaType, SubjectVersion } from './registry-types';

const MEDIA_TYPE = 'application/vnd.schemaregistry.v1+json';
const ACCEPT = `${MEDIA_TYPE}, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5`;

export interface SchemaRegistryClientOptions {
  /** Base URL; `user:pass@` in it is used as basic auth (the converters' basic.auth.credentials.source=URL) and removed. */
  url: string;
  /** `user:pass` (basic.auth.user.info); wins over credentials in the URL. */
  basicAuth?: string;
  /** Per call; a slower answer is UPSTREAM_UNAVAILABLE (retriable). */
  timeoutMs: number;
  logger: Logger;
}

/** `latest`, or a version number; the registry validates the range (42202). */
export type VersionRef = number | 'latest';

interface RawVersion {
  subject: string;
  version: number;
  id: number;
  schemaType?: SchemaType;
  references?: SchemaReference[];
  schema: string;
}

const withDefaults = <T extends { schemaType?: SchemaType; references?: SchemaReference[] }>(raw: T) => ({
  ...raw,
  schemaType: raw.schemaType ?? 'AVRO',
  references: raw.references ?? [],
});

/**
 * A client for the Confluent Schema Registry REST API (default context; Confluent Platform 5.5 to 8.x and compatible
 * servers). Every call is timed, bounded by `timeoutMs` and mapped through map-error.ts; credentials never appear in
 * its URLs, logs or errors.
 */
export class SchemaRegistryClient {
  /** The base URL with any credentials removed: safe to log and show. */
  readonly url: string;
  private readonly base: URL;
  private readonly headers: Record<string, string>;
  private readonly secrets: string[];

  constructor(private readonly options: SchemaRegistryClientOptions) {
    const base = new URL(options.url.replace(/\/+$/, '') + '/');
    const fromUrl = base.username ? `${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}` : undefined;
    base.username = '';
    base.password = '';
    this.base = base;
    this.url = redactUrlCredentials(base.toString().replace(/\/$/, ''));
    const userInfo = options.basicAuth ?? fromUrl;
    this.headers = { accept: ACCEPT, ...(userInfo ? { authorization: `Basic ${Buffer.from(userInfo).toString('base64')}` } : {}) };
    const password = userInfo?.slice(userInfo.indexOf(':') + 1);
    this.secrets = password ? [password, userInfo!] : [];
  }

  private async call<T>(method: string, path: string, operation: string, { body, query }: { body?: unknown; query?: Record<string, string> } = {}): Promise<T> {
    const url = new URL(path.replace(/^\//, ''), this.base);
    for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
    const context: RegistryCallContext = { operation, secrets: this.secrets };
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let response;
    try {
      response = await timeBackendCall('schema-registry', operation, () =>
        httpRequest(method, url, {
          body: payload,
          headers: { ...this.headers, ...(payload === undefined ? {} : { 'content-type': MEDIA_TYPE }) },
          timeoutMs: this.options.timeoutMs,
        }),
      );
    } catch (error) {
      throw mapRegistryTransportError(error, context, this.options.timeoutMs);
    }
    if (response.status < 200 || response.status > 299) {
      const error = mapRegistryStatus(response.status, response.text, context);
      this.options.logger.debug({ operation, status: response.status, code: error.code }, 'schema registry refused a call');
      throw error;
    }
    try {
      return JSON.parse(response.text) as T;
    } catch (error) {
      throw mapRegistryTransportError(new Error(`answer is not JSON: ${response.text.slice(0, 80)}`), context, this.options.timeoutMs);
    }
  }

  private static segment(value: string | number): string {
    return encodeURIComponent(String(value));
  }

  // --- subjects and versions ---

  listSubjects({ deleted = false, prefix }: { deleted?: boolean; prefix?: string } = {}): Promise<string[]> {
    return this.call('GET', '/subjects', 'listSubjects', { query: { ...(deleted ? { deleted: 'true' } : {}), ...(prefix ? { subjectPrefix: prefix } : {}) } });
  }

  listVersions(subject: string, { deleted = false } = {}): Promise<number[]> {
    return this.call('GET', `/subjects/${SchemaRegistryClient.segment(subject)}/versions`, 'listVersions', { query: deleted ? { deleted: 'true' } : {} });
  }

  async getVersion(subject: string, version: VersionRef, { deleted = false } = {}): Promise<SubjectVersion> {
    const raw = await this.call<RawVersion>('GET', `/subjects/${SchemaRegistryClient.segment(subject)}/versions/${SchemaRegistryClient.segment(version)}`, 'getVersion', {
      query: deleted ? { deleted: 'true' } : {},
    });
    return withDefaults(raw);
  }

  /** Registers (or finds) the schema under the subject; the answer's `id` is all old servers send. */
  async register(subject: string, input: SchemaInput): Promise<{ id: number }> {
    const raw = await this.call<{ id: number }>('POST', `/subjects/${SchemaRegistryClient.segment(subject)}/versions`, 'register', {
      body: { schema: input.schema, schemaType: input.schemaType, ...(input.references?.length ? { references: input.references } : {}) },
      query: { normalize: 'false' },
    });
    return { id: raw.id };
  }

  async lookup(subject: string, input: SchemaInput): Promise<SubjectVersion> {
    const raw = await this.call<RawVersion>('POST', `/subjects/${SchemaRegistryClient.segment(subject)}`, 'lookup', {
      body: { schema: input.schema, schemaType: input.schemaType, ...(input.references?.length ? { references: input.references } : {}) },
      query: { normalize: 'false', deleted: 'false' },
    });
    return withDefaults(raw);
  }

  deleteSubject(subject: string, { permanent = false } = {}): Promise<number[]> {
    return this.call('DELETE', `/subjects/${SchemaRegistryClient.segment(subject)}`, 'deleteSubject', { query: permanent ? { permanent: 'true' } : {} });
  }

  deleteVersion(subject: string, version: VersionRef, { permanent = false } = {}): Promise<number> {
    return this.call('DELETE', `/subjects/${SchemaRegistryClient.segment(subject)}/versions/${SchemaRegistryClient.segment(version)}`, 'deleteVersion', {
      query: permanent ? { permanent: 'true' } : {},
    });
  }

  // --- schemas by id ---

  async schemaById(id: number): Promise<SchemaById> {
    const raw = await this.call<Omit<SchemaById, 'id'> & { schemaType?: SchemaType }>('GET', `/schemas/ids/${SchemaRegistryClient.segment(id)}`, 'schemaById', {
      query: { fetchMaxId: 'false' },
    });
    return { id, ...withDefaults(raw) };
  }

  versionsOfId(id: number): Promise<Array<{ subject: string; version: number }>> {
    return this.call('GET', `/schemas/ids/${SchemaRegistryClient.segment(id)}/versions`, 'versionsOfId');
  }

  // --- compatibility and config ---

  /** Compatibility with one version (or `latest`), verbose: the registry's reasons when it is not. */
  async checkCompatibility(subject: string, version: VersionRef, input: SchemaInput): Promise<CompatibilityAnswer> {
    const raw = await this.call<{ is_compatible: boolean; messages?: string[] }>(
      'POST',
      `/compatibility/subjects/${SchemaRegistryClient.segment(subject)}/versions/${SchemaRegistryClient.segment(version)}`,
      'checkCompatibility',
      { body: { schema: input.schema, schemaType: input.schemaType, ...(input.references?.length ? { references: input.references } : {}) }, query: { verbose: 'true' } },
    );
    return { compatible: raw.is_compatible, messages: raw.messages ?? [] };
  }

  /** The level in force: the subject's own, else the global one (`defaultToGlobal`). */
  async getCompatibility(subject?: string): Promise<CompatibilityLevel> {
    const path = subject === undefined ? '/config' : `/config/${SchemaRegistryClient.segment(subject)}`;
    const raw = await this.call<{ compatibilityLevel?: CompatibilityLevel; compatibility?: CompatibilityLevel }>('GET', path, 'getCompatibility', {
      query: subject === undefined ? {} : { defaultToGlobal: 'true' },
    });
    return (raw.compatibilityLevel ?? raw.compatibility ?? 'BACKWARD') as CompatibilityLevel;
  }

  async setCompatibility(subject: string | undefined, level: CompatibilityLevel): Promise<CompatibilityLevel> {
    const path = subject === undefined ? '/config' : `/config/${SchemaRegistryClient.segment(subject)}`;
    const raw = await this.call<{ compatibility: CompatibilityLevel }>('PUT', path, 'setCompatibility', { body: { compatibility: level } });
    return raw.compatibility;
  }

  async mode(): Promise<string> {
    return (await this.call<{ mode: string }>('GET', '/mode', 'mode')).mode;
  }
}

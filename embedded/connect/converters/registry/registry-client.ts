import { RegistryConnectionError, RestClientException } from './errors';

export type RegistrySchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

/** A schema as the registry returns it by id, with the texts of its references (dependencies first). */
export interface RegisteredSchema {
  id: number;
  schemaType: RegistrySchemaType;
  schema: string;
  references: string[];
}

export interface RegistryClientOptions {
  /** `schema.registry.url`: one or more base URLs; the next is tried when one cannot be reached. */
  urls: string[];
  /** `user:password` for HTTP basic auth, or undefined. */
  userInfo?: string;
  /** Per request. Default 30_000 ms, as the Java client's default read timeout. */
  timeoutMs?: number;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/**
 * The part of Confluent's CachedSchemaRegistryClient the converters use, over the registry's REST API. Schemas by id
 * are cached for good (ids are immutable); registrations and lookups are cached per subject and schema text.
 */
export class RegistryClient {
  private readonly byId = new Map<number, Promise<RegisteredSchema>>();
  private readonly idBySubjectSchema = new Map<string, number>();
  private readonly timeoutMs: number;
  private readonly authorization: string | undefined;

  constructor(private readonly options: RegistryClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.authorization = options.userInfo ? `Basic ${Buffer.from(options.userInfo).toString('base64')}` : undefined;
  }

  /** POST /subjects/{s}/versions: registers (or finds) the schema under the subject; its global id. */
  async register(subject: string, schemaType: RegistrySchemaType, schema: string): Promise<number> {
    return this.cachedId(`register\0${subject}\0${schema}`, async () => {
      const body = await this.request<{ id: number }>('POST', `/subjects/${encodeURIComponent(subject)}/versions?normalize=false`, withType(schemaType, schema));
      return body.id;
    });
  }

  /** POST /subjects/{s}: the id of a schema already registered under the subject (auto.register.schemas=false). */
  async lookup(subject: string, schemaType: RegistrySchemaType, schema: string): Promise<number> {
    return this.cachedId(`lookup\0${subject}\0${schema}`, async () => {
      const body = await this.request<{ id: number }>('POST', `/subjects/${encodeURIComponent(subject)}?normalize=false&deleted=false`, withType(schemaType, schema));
      return body.id;
    });
  }

  /** GET /subjects/{s}/versions/latest (use.latest.version=true); not cached, so a newer version is picked up. */
  async latest(subject: string): Promise<RegisteredSchema> {
    const body = await this.request<{ id: number; schema: string; schemaType?: RegistrySchemaType; references?: SchemaReference[] }>(
      'GET',
      `/subjects/${encodeURIComponent(subject)}/versions/latest`,
    );
    return { id: body.id, schemaType: body.schemaType ?? 'AVRO', schema: body.schema, references: await this.referenceTexts(body.references ?? []) };
  }

  /** GET /schemas/ids/{id}, cached for good; a failed fetch is not cached. */
  schemaById(id: number): Promise<RegisteredSchema> {
    let pending = this.byId.get(id);
    if (!pending) {
      pending = (async () => {
        const body = await this.request<{ schema: string; schemaType?: RegistrySchemaType; references?: SchemaReference[] }>('GET', `/schemas/ids/${id}?fetchMaxId=false`);
        return { id, schemaType: body.schemaType ?? 'AVRO', schema: body.schema, references: await this.referenceTexts(body.references ?? []) };
      })();
      pending.catch(() => this.byId.delete(id));
      this.byId.set(id, pending);
    }
    return pending;
  }

  /** The texts of referenced schemas, each after its own references (the order parsers need). */
  private async referenceTexts(references: SchemaReference[], seen = new Set<string>()): Promise<string[]> {
    const out: string[] = [];
    for (const ref of references) {
      const key = `${ref.subject}\0${ref.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const body = await this.request<{ schema: string; references?: SchemaReference[] }>('GET', `/subjects/${encodeURIComponent(ref.subject)}/versions/${ref.version}`);
      out.push(...(await this.referenceTexts(body.references ?? [], seen)), body.schema);
    }
    return out;
  }

  private async cachedId(key: string, fetchId: () => Promise<number>): Promise<number> {
    const known = this.idBySubjectSchema.get(key);
    if (known !== undefined) return known;
    const id = await fetchId();
    this.idBySubjectSchema.set(key, id);
    return id;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let lastError: unknown;
    for (const base of this.options.urls) {
      let response: Response;
      try {
        response = await fetch(`${base.replace(/\/+$/, '')}${path}`, {
          method,
          headers: { Accept: CONTENT_TYPE, ...(body === undefined ? {} : { 'Content-Type': CONTENT_TYPE }), ...(this.authorization ? { Authorization: this.authorization } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        lastError = new RegistryConnectionError(`${cause?.code ?? 'Connection failed'}: ${cause?.message ?? (error as Error).message} (${base})`, error);
        continue;
      }
      const text = await response.text();
      if (response.ok) return JSON.parse(text) as T;
      let parsed: { error_code?: number; message?: string } = {};
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        // A proxy's HTML page: the status says enough.
      }
      // As the Java client: a body without error_code gets code 50005 and the raw text as message.
      throw new RestClientException(response.status, parsed.error_code ?? 50005, parsed.message ?? (text || response.statusText));
    }
    throw lastError;
  }
}

function withType(schemaType: RegistrySchemaType, schema: string): Record<string, unknown> {
  return schemaType === 'AVRO' ? { schema } : { schemaType, schema };
}

/** Builds the client from a converter's properties, as AbstractKafkaSchemaSerDeConfig reads them. */
export function userInfoFrom(props: Record<string, string>, urls: string[]): { urls: string[]; userInfo?: string } {
  const source = (props['basic.auth.credentials.source'] ?? 'URL').toUpperCase();
  if (source === 'USER_INFO') {
    return { urls, userInfo: props['basic.auth.user.info'] ?? props['schema.registry.basic.auth.user.info'] };
  }
  // URL (default): credentials written into the URL as user:password@host; the request goes without them in the URL.
  let userInfo: string | undefined;
  const bare = urls.map((raw) => {
    try {
      const url = new URL(raw);
      if (url.username) userInfo = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      url.username = '';
      url.password = '';
      return url.toString();
    } catch {
      return raw;
    }
  });
  return { urls: bare, userInfo };
}

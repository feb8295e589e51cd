import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { promises as fs, existsSync } from 'node:fs';
import { join } from 'node:path';
import { errors } from './s3-error';

/**
 * Buckets and objects as files under one directory:
 *   buckets/<bucket>/bucket.json                       creation date
 *   buckets/<bucket>/objects/<sha256(key)>.json        the object's metadata, naming its data file
 *   buckets/<bucket>/objects/<sha256(key)>.<id>.data   the bytes
 *   uploads/<uploadId>/upload.json, <n>.part, <n>.json multipart uploads in progress
 * Every write goes to a temporary file then renames, and the metadata file is renamed last, so a reader (or a restart
 * after a crash) sees either the old object or the complete new one, never a partial write.
 */
export interface ObjectMeta {
  key: string;
  size: number;
  /** quoted, as in the ETag header */
  etag: string;
  lastModified: string;
  contentType: string;
  userMetadata: Record<string, string>;
  dataFile: string;
}

export interface PartMeta {
  partNumber: number;
  size: number;
  etag: string;
  lastModified: string;
}

interface UploadMeta {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: string;
  contentType: string;
  userMetadata: Record<string, string>;
}

export interface WriteOptions {
  contentType?: string;
  userMetadata?: Record<string, string>;
  /** `If-None-Match: *`: refuse (412) when the key already exists */
  ifNoneMatch?: string;
}

/** S3 refuses non-last parts under 5 MiB when completing. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

const md5hex = (data: Buffer) => createHash('md5').update(data).digest('hex');
const keyHash = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** The bucket naming rules of general purpose buckets. */
export function validBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !/\.\.|\.-|-\./.test(name) && !/^\d+\.\d+\.\d+\.\d+$/.test(name) && !name.startsWith('xn--');
}

async function writeAtomically(path: string, data: Buffer | string): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(temp, data);
  await fs.rename(temp, path);
}

export class ObjectStore {
  private readonly buckets = new Map<string, { created: string; objects: Map<string, ObjectMeta> }>();
  /** Serialises writes per key so the rename order (data, then metadata) is never interleaved for one key. */
  private readonly keyLocks = new Map<string, Promise<unknown>>();

  private constructor(private readonly dir: string) {}

  /** Opens (creating) the store in `dir`, loading every complete object and dropping leftovers of interrupted writes. */
  static async open(dir: string): Promise<ObjectStore> {
    const store = new ObjectStore(dir);
    await fs.mkdir(join(dir, 'buckets'), { recursive: true });
    await fs.mkdir(join(dir, 'uploads'), { recursive: true });
    for (const name of await fs.readdir(join(dir, 'buckets'))) {
      const bucketDir = join(dir, 'buckets', name);
      const info = await fs.readFile(join(bucketDir, 'bucket.json'), 'utf8').then(JSON.parse, () => undefined);
      if (!info) continue;
      const objects = new Map<string, ObjectMeta>();
      const objectsDir = join(bucketDir, 'objects');
      const files = await fs.readdir(objectsDir).catch(() => [] as string[]);
      const referenced = new Set<string>();
      for (const file of files.filter((f) => f.endsWith('.json'))) {
        const meta = (await fs.readFile(join(objectsDir, file), 'utf8').then(JSON.parse, () => undefined)) as ObjectMeta | undefined;
        if (!meta || !existsSync(join(objectsDir, meta.dataFile))) continue;
        objects.set(meta.key, meta);
        referenced.add(meta.dataFile);
      }
      for (const file of files) {
        if (file.endsWith('.tmp') || (file.endsWith('.data') && !referenced.has(file))) await fs.rm(join(objectsDir, file), { force: true });
      }
      store.buckets.set(name, { created: info.created, objects });
    }
    return store;
  }

  listBuckets(): Array<{ name: string; created: string }> {
    return [...this.buckets.entries()].map(([name, b]) => ({ name, created: b.created })).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }

  private bucket(name: string) {
    const bucket = this.buckets.get(name);
    if (!bucket) throw errors.noSuchBucket(name);
    return bucket;
  }

  async createBucket(name: string): Promise<void> {
    if (!validBucketName(name)) throw errors.invalidBucketName(name);
    if (this.buckets.has(name)) throw errors.bucketExists(name);
    const bucketDir = join(this.dir, 'buckets', name);
    await fs.mkdir(join(bucketDir, 'objects'), { recursive: true });
    const created = new Date().toISOString();
    await writeAtomically(join(bucketDir, 'bucket.json'), JSON.stringify({ created }));
    this.buckets.set(name, { created, objects: new Map() });
  }

  async deleteBucket(name: string): Promise<void> {
    const bucket = this.bucket(name);
    if (bucket.objects.size > 0) throw errors.bucketNotEmpty(name);
    this.buckets.delete(name);
    await fs.rm(join(this.dir, 'buckets', name), { recursive: true, force: true });
  }

  /** Every object of a bucket, in UTF-8 byte order of keys (S3's listing order). */
  sortedObjects(bucket: string): ObjectMeta[] {
    return [...this.bucket(bucket).objects.values()].sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  }

  head(bucket: string, key: string): ObjectMeta {
    const meta = this.bucket(bucket).objects.get(key);
    if (!meta) throw errors.noSuchKey(key);
    return meta;
  }

  async read(bucket: string, key: string, range?: { start: number; end: number }): Promise<{ meta: ObjectMeta; data: Buffer }> {
    const meta = this.head(bucket, key);
    const handle = await fs.open(join(this.dir, 'buckets', bucket, 'objects', meta.dataFile), 'r');
    try {
      const start = range?.start ?? 0;
      const length = (range ? range.end + 1 : meta.size) - start;
      const data = Buffer.alloc(length);
      await handle.read(data, 0, length, start);
      return { meta, data };
    } finally {
      await handle.close();
    }
  }

  async put(bucket: string, key: string, data: Buffer, options: WriteOptions = {}): Promise<ObjectMeta> {
    return this.commit(bucket, key, options, `"${md5hex(data)}"`, async (path) => writeAtomically(path, data), data.length);
  }

  async delete(bucket: string, key: string): Promise<void> {
    const objects = this.bucket(bucket).objects;
    await this.withKeyLock(bucket, key, async () => {
      const meta = objects.get(key);
      if (!meta) return;
      objects.delete(key);
      const dir = join(this.dir, 'buckets', bucket, 'objects');
      await fs.rm(join(dir, `${keyHash(key)}.json`), { force: true });
      await fs.rm(join(dir, meta.dataFile), { force: true });
    });
  }

  private async withKeyLock<T>(bucket: string, key: string, work: () => Promise<T>): Promise<T> {
    const id = `${bucket}/${key}`;
    const before = this.keyLocks.get(id) ?? Promise.resolve();
    const run = before.then(work, work);
    const settled = run.catch(() => undefined);
    this.keyLocks.set(id, settled);
    void settled.then(() => {
      if (this.keyLocks.get(id) === settled) this.keyLocks.delete(id);
    });
    return run;
  }

  /** Writes the data file, then the metadata file, then publishes in memory; removes the replaced data file. */
  private async commit(bucket: string, key: string, options: WriteOptions, etag: string, writeData: (path: string) => Promise<void>, size: number): Promise<ObjectMeta> {
    const objects = this.bucket(bucket).objects;
    const dir = join(this.dir, 'buckets', bucket, 'objects');
    const hash = keyHash(key);
    const dataFile = `${hash}.${randomUUID()}.data`;
    await writeData(join(dir, dataFile));
    return this.withKeyLock(bucket, key, async () => {
      const previous = objects.get(key);
      if (options.ifNoneMatch === '*' && previous) {
        await fs.rm(join(dir, dataFile), { force: true });
        throw errors.preconditionFailed('If-None-Match');
      }
      const meta: ObjectMeta = {
        key,
        size,
        etag,
        lastModified: new Date().toISOString(),
        contentType: options.contentType ?? 'application/octet-stream',
        userMetadata: options.userMetadata ?? {},
        dataFile,
      };
      await writeAtomically(join(dir, `${hash}.json`), JSON.stringify(meta));
      objects.set(key, meta);
      if (previous) await fs.rm(join(dir, previous.dataFile), { force: true });
      return meta;
    });
  }

  // --- multipart uploads ---

  private uploadDir(uploadId: string): string {
    if (!/^[A-Za-z0-9-]+$/.test(uploadId)) throw errors.noSuchUpload(uploadId);
    return join(this.dir, 'uploads', uploadId);
  }

  private async upload(uploadId: string, bucket: string, key: string): Promise<UploadMeta> {
    const meta = (await fs.readFile(join(this.uploadDir(uploadId), 'upload.json'), 'utf8').then(JSON.parse, () => undefined)) as UploadMeta | undefined;
    if (!meta || meta.bucket !== bucket || meta.key !== key) throw errors.noSuchUpload(uploadId);
    return meta;
  }

  async createUpload(bucket: string, key: string, options: WriteOptions = {}): Promise<string> {
    this.bucket(bucket);
    const uploadId = `${randomUUID()}-${Date.now().toString(36)}`;
    const dir = this.uploadDir(uploadId);
    await fs.mkdir(dir, { recursive: true });
    const meta: UploadMeta = {
      uploadId,
      bucket,
      key,
      initiated: new Date().toISOString(),
      contentType: options.contentType ?? 'application/octet-stream',
      userMetadata: options.userMetadata ?? {},
    };
    await writeAtomically(join(dir, 'upload.json'), JSON.stringify(meta));
    return uploadId;
  }

  async uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, data: Buffer): Promise<string> {
    this.bucket(bucket);
    await this.upload(uploadId, bucket, key);
    const dir = this.uploadDir(uploadId);
    const etag = `"${md5hex(data)}"`;
    // The part's bytes first, then its metadata: a part is listed only once its bytes are complete.
    await writeAtomically(join(dir, `${partNumber}.part`), data);
    const part: PartMeta = { partNumber, size: data.length, etag, lastModified: new Date().toISOString() };
    await writeAtomically(join(dir, `${partNumber}.json`), JSON.stringify(part));
    return etag;
  }

  async listParts(bucket: string, key: string, uploadId: string): Promise<{ upload: UploadMeta; parts: PartMeta[] }> {
    this.bucket(bucket);
    const upload = await this.upload(uploadId, bucket, key);
    const dir = this.uploadDir(uploadId);
    const files = (await fs.readdir(dir)).filter((f) => /^\d+\.json$/.test(f));
    const parts = await Promise.all(files.map(async (f) => JSON.parse(await fs.readFile(join(dir, f), 'utf8')) as PartMeta));
    return { upload, parts: parts.sort((a, b) => a.partNumber - b.partNumber) };
  }

  async abortUpload(bucket: string, key: string, uploadId: string): Promise<void> {
    this.bucket(bucket);
    await this.upload(uploadId, bucket, key);
    await fs.rm(this.uploadDir(uploadId), { recursive: true, force: true });
  }

  /** Concatenates the named parts into the object; the ETag is md5 of the parts' binary md5s, suffixed with the count. */
  async completeUpload(bucket: string, key: string, uploadId: string, requested: Array<{ partNumber: number; etag: string }>, options: WriteOptions = {}): Promise<ObjectMeta> {
    const { upload, parts } = await this.listParts(bucket, key, uploadId);
    if (requested.length === 0) throw errors.malformedXml();
    for (let i = 1; i < requested.length; i++) if (requested[i]!.partNumber <= requested[i - 1]!.partNumber) throw errors.invalidPartOrder();
    const byNumber = new Map(parts.map((p) => [p.partNumber, p]));
    const chosen = requested.map((r) => {
      const part = byNumber.get(r.partNumber);
      if (!part || part.etag.replace(/"/g, '') !== r.etag.replace(/"/g, '')) throw errors.invalidPart();
      return part;
    });
    if (chosen.slice(0, -1).some((p) => p.size < MIN_PART_SIZE)) throw errors.entityTooSmall();
    const dir = this.uploadDir(uploadId);
    const etag = `"${createHash('md5').update(Buffer.concat(chosen.map((p) => Buffer.from(p.etag.replace(/"/g, ''), 'hex')))).digest('hex')}-${chosen.length}"`;
    const size = chosen.reduce((n, p) => n + p.size, 0);
    const meta = await this.commit(
      bucket,
      key,
      { contentType: upload.contentType, userMetadata: upload.userMetadata, ifNoneMatch: options.ifNoneMatch },
      etag,
      async (path) => {
        const temp = `${path}.tmp`;
        const out = await fs.open(temp, 'w');
        try {
          for (const part of chosen) await out.write(await fs.readFile(join(dir, `${part.partNumber}.part`)));
          await out.sync();
        } finally {
          await out.close();
        }
        await fs.rename(temp, path);
      },
      size,
    );
    await fs.rm(dir, { recursive: true, force: true });
    return meta;
  }
}

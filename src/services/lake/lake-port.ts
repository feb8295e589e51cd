/** What the lake service needs from an S3-compatible store; src/adapters/s3 implements it. */
export interface StoredObject {
  key: string;
  size: number;
  lastModified: Date;
  etag: string | null;
}

export interface ObjectPage {
  objects: StoredObject[];
  /** more keys follow the last one returned */
  truncated: boolean;
}

export interface ObjectPreview {
  format: 'PARQUET' | 'JSON';
  columns: Array<{ name: string; type: string }>;
  /** JSON-safe values: 64-bit integers beyond 2^53 as strings, timestamps as ISO strings */
  rows: Array<Record<string, unknown>>;
}

export interface LakeStore {
  /** Keys under `prefix` after `startAfter`, in key order, at most `maxKeys`. NOT_FOUND for an unknown bucket. */
  listObjects(bucket: string, prefix: string, options: { startAfter?: string; maxKeys: number }): Promise<ObjectPage>;
  bucketExists(bucket: string): Promise<boolean>;
  /** The first `limit` rows of a Parquet or JSON-lines object. NOT_FOUND for an unknown bucket or key. */
  previewObject(bucket: string, key: string, limit: number): Promise<ObjectPreview>;
  health(): Promise<{ ok: boolean; detail?: string }>;
}

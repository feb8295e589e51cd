import path from 'node:path';
import { portFlag, runStandalone } from '../standalone';
import { startEmbeddedS3 } from './index';

/** Standalone object store: `npm run s3 -- --port 9000 --data-dir DIR` (credentials from S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY). */
runStandalone({
  name: 'embedded s3',
  usage:
    'usage: npm run s3 -- [--host 127.0.0.1] [--port 9000] [--data-dir DIR] [--region us-east-1] [--bucket NAME]... ' +
    '(credentials: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, default minioadmin/minioadmin)',
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    region: { type: 'string' },
    bucket: { type: 'string', multiple: true },
  },
  settings(values) {
    const buckets = (values.bucket as unknown as string[] | undefined) ?? [];
    return {
      host: (values.host as string | undefined) ?? '127.0.0.1',
      port: portFlag(values.port, 9000),
      dataDir: path.resolve((values['data-dir'] as string | undefined) ?? path.join(process.env.DATA_DIR || './.data', 's3')),
      region: (values.region as string | undefined) ?? process.env.S3_REGION ?? 'us-east-1',
      buckets,
      credentials: {
        accessKeyId: process.env.S3_ACCESS_KEY_ID || 'minioadmin',
        secretAccessKey: process.env.S3_SECRET_ACCESS_KEY || 'minioadmin',
      },
    };
  },
  async start(settings, logger) {
    const s3 = await startEmbeddedS3({ ...settings, logger });
    return { ready: { url: s3.url, port: s3.port, region: s3.region, dataDir: s3.dataDir }, stop: () => s3.stop() };
  },
});

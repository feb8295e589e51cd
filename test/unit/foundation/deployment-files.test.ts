import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../../src/config';
import { projectRoot } from '../../../src/project-root';

const root = projectRoot();
const read = (file: string) => readFileSync(join(root, file), 'utf8');

describe('deployment files', () => {
  const compose = parse(read('docker-compose.yml')) as { services: Record<string, { environment?: Record<string, string>; command?: string[]; entrypoint?: string[] }> };
  const pipegraphEnv = compose.services.pipegraph?.environment ?? {};
  // The values as compose passes them, with the defaults of ${VAR:-default} substituted.
  const substitutedEnv = Object.fromEntries(Object.entries(pipegraphEnv).map(([k, v]) => [k, String(v).replace(/\$\{[A-Z_]+:-([^}]*)\}/, '$1')]));

  it('passes pipegraph only variables its configuration accepts', () => {
    const unknown = Object.keys(pipegraphEnv).filter((name) => !CONFIG_VARIABLES.includes(name));
    expect(unknown).toEqual([]);
  });

  it('passes values the configuration parses (with the default API key substituted)', () => {
    expect(() => loadConfig(substitutedEnv)).not.toThrow();
  });

  it('wires MinIO, its bucket and the Confluent S3 sink plugin through the same S3 variables pipegraph reads', () => {
    const minio = compose.services.minio?.environment ?? {};
    expect(minio.MINIO_ROOT_USER).toBe(pipegraphEnv.S3_ACCESS_KEY_ID);
    expect(minio.MINIO_ROOT_PASSWORD).toBe(pipegraphEnv.S3_SECRET_ACCESS_KEY);
    expect(minio.MINIO_SITE_REGION).toBe(pipegraphEnv.S3_REGION);
    expect(compose.services['minio-init']?.environment).toEqual(minio.MINIO_ROOT_USER ? { MINIO_ROOT_USER: minio.MINIO_ROOT_USER, MINIO_ROOT_PASSWORD: minio.MINIO_ROOT_PASSWORD } : {});
    expect(compose.services['minio-init']?.entrypoint?.join(' ')).toContain(`mc mb --ignore-existing lake/${pipegraphEnv.S3_DEMO_BUCKET}`);
    expect(new URL(String(pipegraphEnv.S3_ENDPOINT)).host).toBe('minio:9000');
    expect(pipegraphEnv.S3_CONNECT_ENDPOINT).toBe(pipegraphEnv.S3_ENDPOINT);
    expect(compose.services.connect?.command?.join('\n')).toMatch(/confluent-hub install --no-prompt confluentinc\/kafka-connect-s3:/);
  });

  it('runs Confluent Schema Registry on the Kafka pipegraph uses, at the one URL pipegraph, Connect and Pinot are given, with the demo connectors on', () => {
    const registry = compose.services['schema-registry'] as { image?: string; environment?: Record<string, string> } | undefined;
    const connect = compose.services.connect as { image?: string };
    // Same Confluent Platform release as the Connect image (which ships the AvroConverter).
    expect(registry?.image?.split(':')[1]).toBe(connect.image?.split(':')[1]);
    expect(registry?.image).toMatch(/^confluentinc\/cp-schema-registry:/);
    expect(connect.image).toMatch(/^confluentinc\/cp-kafka-connect:/);
    expect(registry?.environment?.SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS).toBe(`PLAINTEXT://${pipegraphEnv.KAFKA_BROKERS}`);
    const listener = new URL(String(registry?.environment?.SCHEMA_REGISTRY_LISTENERS));
    const url = new URL(String(pipegraphEnv.SCHEMA_REGISTRY_URL));
    expect(url.hostname).toBe('schema-registry');
    expect(url.port).toBe(listener.port);
    expect(pipegraphEnv.CONNECT_DEMO_SCHEMA_REGISTRY_URL).toBe(pipegraphEnv.SCHEMA_REGISTRY_URL);
    const config = loadConfig(substitutedEnv);
    expect(config.connect.demo.enabled).toBe(true);
    expect(config.pinot.demoTables).toBe(true);
    expect(config.schemaRegistry.url).toBe('http://schema-registry:8081');
  });

  it('documents every configuration variable in .env.example and the README', () => {
    const example = read('.env.example');
    const readme = read('README.md');
    const undocumented = CONFIG_VARIABLES.filter((name) => !example.includes(`${name}=`) || !readme.includes(`\`${name}\``));
    expect(undocumented).toEqual([]);
  });

  it('copies into the Docker build stage every folder npm run build compiles, and the build scripts', () => {
    const { ROOTS } = require('../../../scripts/transpile.js') as { ROOTS: string[] };
    const dockerfile = read('Dockerfile');
    const missing = [...ROOTS, 'scripts'].filter((dir) => !new RegExp(`^COPY ${dir} \\./${dir}$`, 'm').test(dockerfile));
    expect(missing).toEqual([]);
    expect(JSON.parse(read('package.json')).scripts.build).toBe('node scripts/transpile.js && node dist/src/cli/build-console.js');
  });

  it('runs the compiled server as a non-root user in the Dockerfile', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/CMD \["node", "dist\/src\/main\.js"\]/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
  });
});

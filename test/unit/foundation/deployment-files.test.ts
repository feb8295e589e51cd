import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../../src/config';
import { projectRoot } from '../../../src/project-root';

const root = projectRoot();
const read = (file: string) => readFileSync(join(root, file), 'utf8');

describe('deployment files', () => {
  const compose = parse(read('docker-compose.yml')) as { services: Record<string, { environment?: Record<string, string> }> };
  const pipegraphEnv = compose.services.pipegraph?.environment ?? {};

  it('passes pipegraph only variables its configuration accepts', () => {
    const unknown = Object.keys(pipegraphEnv).filter((name) => !CONFIG_VARIABLES.includes(name));
    expect(unknown).toEqual([]);
  });

  it('passes values the configuration parses (with the default API key substituted)', () => {
    const env = Object.fromEntries(
      Object.entries(pipegraphEnv).map(([k, v]) => [k, String(v).replace(/\$\{[A-Z_]+:-([^}]*)\}/, '$1')]),
    );
    expect(() => loadConfig(env)).not.toThrow();
  });

  it('documents every configuration variable in .env.example and the README', () => {
    const example = read('.env.example');
    const readme = read('README.md');
    const undocumented = CONFIG_VARIABLES.filter((name) => !example.includes(`${name}=`) || !readme.includes(`\`${name}\``));
    expect(undocumented).toEqual([]);
  });

  it('runs the compiled server as a non-root user in the Dockerfile', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/CMD \["node", "dist\/src\/main\.js"\]/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
  });
});

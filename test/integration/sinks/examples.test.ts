import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../src/project-root';
import { splitOperations } from '../../../src/server/playground/example-operations';
import { createLeftovers } from '../../helpers/leftovers';
import { startTestApp, type TestApp } from '../../helpers/test-app';

const leftovers = createLeftovers();
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  leftovers.add(() => app.stop());
});
afterAll(() => leftovers.drain());

const examples = splitOperations(readFileSync(join(projectRoot(), 'resolvers', 'sinks', 'examples.graphql'), 'utf8'), 'sinks');

describe('sink-table example operations', () => {
  it('exist', () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
  });

  it.each(examples.map((example) => [example.name, example.query]))('%s runs against the demo data without errors and returns rows', async (_name, query) => {
    const { status, body } = await app.request(query);
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    const [result] = Object.values(body.data ?? {}) as any[];
    const size = Array.isArray(result) ? result.length : (result.edges ?? result.nodes ?? result.groups).length;
    expect(size).toBeGreaterThan(0);
  });
});

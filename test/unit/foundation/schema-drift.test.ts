import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAppSchema, printAppSchema } from '../../../src/server/schema';
import { projectRoot } from '../../../src/project-root';

describe('schema/schema.graphql', () => {
  it('matches the schema emitted from the resolvers (run `npm run schema:emit` after changing the API)', async () => {
    const committed = readFileSync(join(projectRoot(), 'schema', 'schema.graphql'), 'utf8');
    expect(printAppSchema(await buildAppSchema())).toBe(committed);
  });
});

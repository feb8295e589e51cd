import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { projectRoot } from '../../../src/project-root';
import { buildAppSchema } from '../../../src/server/schema';

describe('README.md', () => {
  it('shows only GraphQL operations that validate against the schema', async () => {
    const schema = await buildAppSchema();
    const readme = readFileSync(join(projectRoot(), 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      // Each block holds one or more operations separated by comments; validate them one by one.
      for (const operation of block.split(/\n(?=\{|query|mutation|subscription)/).filter((text) => /[{]/.test(text))) {
        expect(validate(schema, parse(operation)).map((error) => error.message)).toEqual([]);
      }
    }
  });
});

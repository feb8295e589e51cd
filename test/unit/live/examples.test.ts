import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, validate } from 'graphql';
import { buildAppSchema } from '../../../src/server/schema';

describe('topics and live example operations', () => {
  it.each(['topics', 'live'])('validate against the schema (%s)', async (plane) => {
    const schema = await buildAppSchema();
    const source = readFileSync(path.join(__dirname, '../../../resolvers', plane, 'examples.graphql'), 'utf8');
    expect(validate(schema, parse(source)).map((e) => e.message)).toEqual([]);
  });
});

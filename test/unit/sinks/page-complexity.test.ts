import { parse } from 'graphql';
import { loadConfig } from '../../../src/config';
import { buildAppSchema } from '../../../src/server/schema';
import { checkOperationLimits } from '../../../src/server/operation-limits';

describe('sink query cost', () => {
  it('multiplies by the default page size when first is omitted, and by first when given', async () => {
    const schema = await buildAppSchema();
    const cost = (query: string) => {
      const [error] = checkOperationLimits(schema, parse(query), undefined, {}, { ...loadConfig({}).limits.operation, maxDepth: 20, maxCost: 1, costPerBackendCall: 0 });
      return (error?.extensions.details as { cost: number }).cost;
    };
    const page = '{ nodes { userId user { userName } } }';
    expect(cost(`{ clickstreamEvents ${page} }`)).toBe(cost(`{ clickstreamEvents(first: 50) ${page} }`));
    expect(cost(`{ clickstreamEvents ${page} }`)).toBeGreaterThan(50);
    expect(cost(`{ clickstreamEvents(first: 1000) ${page} }`)).toBe(20 * (cost(`{ clickstreamEvents(first: 50) ${page} }`) - 1) + 1);
    expect(cost('{ sinkTableRows(table: "users") { nodes } }')).toBe(cost('{ sinkTableRows(table: "users", first: 50) { nodes } }'));
    expect(cost('{ clickstreamEventsAggregate { groups { eventCount } } }')).toBe(cost('{ clickstreamEventsAggregate(first: 100) { groups { eventCount } } }'));
  });
});

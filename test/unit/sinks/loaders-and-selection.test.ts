import { parse, type FragmentDefinitionNode, type OperationDefinitionNode, Kind, type FieldNode } from 'graphql';
import { createLoaders } from '../../../resolvers/common/loaders';
import { selectsField } from '../../../resolvers/sinks/selection';
import type { Services } from '../../../src/services';
import { fakeService } from './fakes';

function infoFor(query: string) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments };
}

describe('selectsField', () => {
  it('finds a field selected directly, through an alias, an inline fragment or a named fragment', () => {
    expect(selectsField(infoFor('{ c { totalCount } }'), 'totalCount')).toBe(true);
    expect(selectsField(infoFor('{ c { n: totalCount } }'), 'totalCount')).toBe(true);
    expect(selectsField(infoFor('{ c { ... on X { totalCount } } }'), 'totalCount')).toBe(true);
    expect(selectsField(infoFor('{ c { ...F } } fragment F on X { ...G } fragment G on X { totalCount }'), 'totalCount')).toBe(true);
    expect(selectsField(infoFor('{ c { edges { node { totalCount } } } }'), 'totalCount')).toBe(false);
    expect(selectsField(infoFor('{ c { ...F } } fragment F on X { ...F pageInfo { hasNextPage } }'), 'totalCount')).toBe(false);
  });
});

describe('dimension loaders', () => {
  it('batch all loads of one tick into one lookup per table and answer in key order, null when unknown', async () => {
    const { service, calls } = fakeService();
    const loaders = createLoaders({ sinks: service } as Services);
    const users = await Promise.all([3, 1, 3, 500, 2].map((id) => loaders.users.load(id)));
    const [device, url] = await Promise.all([loaders.devices.load(9), loaders.urls.load('https://a/')]);
    expect(users.map((u) => u?.userId ?? null)).toEqual([3, 1, 3, null, 2]);
    expect(device).toMatchObject({ deviceId: 9 });
    expect(url).toMatchObject({ urlCategory: 'news' });
    expect(calls).toEqual([
      { method: 'findUsers', args: [3, 1, 500, 2] },
      { method: 'findDevices', args: [9] },
      { method: 'findUrls', args: ['https://a/'] },
    ]);
  });
});

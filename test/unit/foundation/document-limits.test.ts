import { getIntrospectionQuery } from 'graphql';
import { loadConfig } from '../../../src/config';
import { checkDocumentSource } from '../../../src/server/document-limits';

const limits = loadConfig({}).limits.operation;
const check = (source: string) => checkDocumentSource(source, limits);
// How fast these answer is measured end to end, with best-of-three against machine noise, in
// test/integration/foundation/hostile-requests.test.ts; here only the verdicts.
const timed = (source: string) => ({ verdict: check(source) });

describe('checkDocumentSource', () => {
  it('lets GraphiQL\'s introspection query through under the default limits', () => {
    expect(check(getIntrospectionQuery())).toBeUndefined();
  });

  it('refuses a 10,000-deep list literal before parsing it, quickly and without an internal message', () => {
    const { verdict } = timed(`{ topics(nameContains: ${'['.repeat(10_000)}"x"${']'.repeat(10_000)}) { totalCount } }`);
    expect(verdict?.details.limit).toBe('nesting');
    expect(verdict?.message).not.toMatch(/stack/i);
  });

  it('does not count brackets inside strings, block strings and comments', () => {
    expect(check(`{ topics(nameContains: "${'['.repeat(500)}") { totalCount } } # ${'{'.repeat(500)}\n`)).toBeUndefined();
    expect(check(`{ topics(nameContains: """${'('.repeat(500)} \\""" """) { totalCount } }`)).toBeUndefined();
  });

  it('refuses a 100,000-element list literal by its token count', () => {
    const { verdict } = timed(`{ topics(nameContains: [${'1,'.repeat(100_000)}]) { totalCount } }`);
    expect(verdict?.details).toMatchObject({ limit: 'tokens', max: limits.maxTokens });
  });

  it('refuses a list literal longer than MAX_INPUT_LIST_LENGTH within the token budget', () => {
    const verdict = checkDocumentSource(`{ topics(nameContains: [${'1,'.repeat(200)}]) { totalCount } }`, { ...limits, maxInputListLength: 100 });
    expect(verdict?.details).toMatchObject({ limit: 'inputListLength', max: 100 });
  });

  it('refuses more aliases than MAX_QUERY_ALIASES (2,000 aliases of analyticsTables)', () => {
    const aliases = Array.from({ length: 2_000 }, (_, i) => `a${i}: analyticsTables { name }`).join(' ');
    const { verdict } = timed(`{ ${aliases} }`);
    expect(verdict?.details).toMatchObject({ limit: 'tokens' });
    const fewer = Array.from({ length: 150 }, (_, i) => `a${i}: analyticsTables { name }`).join(' ');
    expect(check(`{ ${fewer} }`)?.details).toMatchObject({ limit: 'aliases', aliases: 150, max: limits.maxAliases });
  });

  it('refuses 200-deep __type nesting by depth: introspection counts', () => {
    const verdict = check(`{ __type(name: "Query") { ${'ofType { '.repeat(200)} name ${'} '.repeat(200)} } }`);
    expect(verdict?.details.limit).toMatch(/nesting|depth/);
    const verdict20 = check(`{ __type(name: "Query") { ${'ofType { '.repeat(20)} name ${'} '.repeat(20)} } }`);
    expect(verdict20?.details).toMatchObject({ limit: 'depth', depth: 22, max: limits.maxDepth });
  });

  it('refuses 500 fragment spreads', () => {
    const spreads = Array.from({ length: 500 }, () => '...F').join(' ');
    expect(check(`{ viewer { ${spreads} } } fragment F on Viewer { id }`)?.details).toMatchObject({ limit: 'fragmentSpreads', fragmentSpreads: 500 });
  });

  it('counts fields with fragments expanded, so doubling fragments cannot hide an exponential selection', () => {
    const fragments = Array.from({ length: 20 }, (_, i) => `fragment F${i} on Viewer { ...F${i + 1} ...F${i + 1} }`).join(' ');
    const { verdict } = timed(`{ viewer { ...F0 } } ${fragments} fragment F20 on Viewer { id role }`);
    expect(verdict?.details).toMatchObject({ limit: 'fields', max: limits.maxFields });
  });

  it('leaves syntax errors to the parser that reports them', () => {
    expect(check('{ viewer { id ')).toBeUndefined();
  });
});

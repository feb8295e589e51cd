import { startTestApp, type TestApp } from '../../helpers/test-app';

const ADMIN = 'admin-key-0123456789abcdef';
const VIEWER = 'viewer-key-0123456789abcdef';

/** The reproductions over HTTP: each answered with a documented code, the same inline as in variables. */
describe('operation resolution and values over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { API_KEYS: `root:admin:${ADMIN},dash:viewer:${VIEWER}` } });
  }, 60_000);
  afterAll(() => app?.stop());

  const post = async (payload: Record<string, unknown>, apiKey = ADMIN) => {
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body: JSON.stringify(payload) });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions: { code: string } }> } };
  };
  // Inline and variable documents differ in text, so error locations differ; everything else must not.
  const answer = ({ status, body }: Awaited<ReturnType<typeof post>>) => ({
    status,
    data: body.data,
    errors: body.errors?.map(({ message, extensions }) => ({ message, code: extensions.code })),
  });

  it('answers two operations without an operationName with a coded 400, not a 500', async () => {
    const { status, body } = await post({ query: 'query A { viewer { id } } query B { viewer { role } }' });
    expect(status).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({ message: 'Must provide operation name if query contains multiple operations.', extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
  });

  it('answers an unknown operationName with a coded 400', async () => {
    const { status, body } = await post({ query: 'query A { viewer { id } }', operationName: 'Nope' });
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ message: 'Unknown operation named "Nope".', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('runs the named operation of several', async () => {
    const { status, body } = await post({ query: 'query A { viewer { id } } query B { viewer { role } }', operationName: 'B' });
    expect(status).toBe(200);
    expect(body.data).toEqual({ viewer: { role: 'admin' } });
  });

  it('answers a recursive AnalyticsFilterInput in a variable promptly and exactly as when written inline', async () => {
    const filter = '{ not: { or: [{ and: [{ column: "symbol", eq: "AAPL" }, { column: "shares", range: { gte: 10 } }] }] } }';
    const started = Date.now();
    const variable = await post({
      query: 'query($w: AnalyticsFilterInput) { aggregate(table: "stock_transactions", measures: [{ fn: COUNT }], where: $w) { rows } }',
      variables: { w: { not: { or: [{ and: [{ column: 'symbol', eq: 'AAPL' }, { column: 'shares', range: { gte: 10 } }] }] } } },
    });
    expect(Date.now() - started).toBeLessThan(1_500);
    const inline = await post({ query: `{ aggregate(table: "stock_transactions", measures: [{ fn: COUNT }], where: ${filter}) { rows } }` });
    expect(variable.body.errors?.[0]?.extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(answer(variable)).toEqual(answer(inline));
  });

  it('coerces an inline Long literal exactly as the same value in a variable (no BigInt serialization failure)', async () => {
    const mutation = (header: string, offsets: string) => `mutation${header} { resetConsumerGroupOffsets(input: { groupId: "g", topic: "t", to: OFFSET, offsets: ${offsets} }) { groupId } }`;
    const inline = await post({ query: mutation('', '[{ partition: 0, offset: "9007199254740993" }]') }, VIEWER);
    const variable = await post({ query: mutation('($o: [PartitionOffsetInput!])', '$o'), variables: { o: [{ partition: 0, offset: '9007199254740993' }] } }, VIEWER);
    expect(inline.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(answer(variable)).toEqual(answer(inline));
  });
});

import { startTestApp, type TestApp } from '../../helpers/test-app';

describe('an unexpected backend failure', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ captureLogs: true });
  });
  afterAll(() => app?.stop());

  it('is masked in the response and logged exactly once on the server, with the request id', async () => {
    // A schema the code does not expect: Postgres answers 42P01, which no adapter maps to a public code.
    await app.container.pool.query('DROP TABLE clickstream_events');
    const { body } = await app.request('{ clickstreamEvents(first: 1) { edges { node { url } } } }');

    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].message).toBe('Internal server error');
    expect(body.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', retriable: false });
    expect(JSON.stringify(body)).not.toMatch(/clickstream_events|relation|SELECT|at \w+ \(/);

    const masked = app.logs.filter((line) => line.includes('masked'));
    expect(masked).toHaveLength(1);
    expect(masked[0]).toMatch(/clickstream_events/);
    expect(masked[0]).toMatch(/"requestId":"[\w-]+"/);
  });

  it('is masked and logged once with the request id on the websocket path too', async () => {
    const before = app.logs.filter((line) => line.includes('masked')).length;
    const client = app.wsClient();
    const result = await new Promise<any>((resolve, reject) => {
      client.subscribe({ query: '{ clickstreamEvents(first: 1) { edges { node { url } } } }' }, { next: resolve, error: reject, complete: () => undefined });
    });
    expect(result.errors[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', retriable: false } });
    const masked = app.logs.filter((line) => line.includes('masked')).slice(before);
    expect(masked).toHaveLength(1);
    expect(masked[0]).toMatch(/"requestId":"[\w-]+"/);
  });

  it('leaves the server serving', async () => {
    const { body } = await app.request('{ viewer { id } }');
    expect(body.data).toEqual({ viewer: { id: 'anonymous' } });
  });
});

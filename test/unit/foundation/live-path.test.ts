import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The live wing's one-way path (docs/architecture.md, "The live path, one way"), held as a rule on the source. */
const root = join(__dirname, '../../..');

function sources(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [{ file: relative(root, path), text: readFileSync(path, 'utf8') }] : [];
  });
}

describe('the live path', () => {
  const src = sources(join(root, 'src'));
  const server = src.filter((s) => s.file.startsWith('src/server/'));

  it("reaches into a websocket's private socket only in src/server/graphql-ws-frame-channel.ts", () => {
    expect(src.filter((s) => s.text.includes('_socket')).map((s) => s.file)).toEqual(['src/server/graphql-ws-frame-channel.ts']);
  });

  it('never has the server import the live resolvers (app.ts hands their mapping in)', () => {
    expect(server.filter((s) => /from '[./]*resolvers\/live\//.test(s.text)).map((s) => s.file)).toEqual([]);
  });

  it("never has the server test the live plane's classes; it attaches to the LiveOutlet services/live exports", () => {
    expect(server.filter((s) => /\bLiveSubscription\b/.test(s.text)).map((s) => s.file)).toEqual([]);
    expect(server.filter((s) => s.text.includes('liveOutletOf')).map((s) => s.file)).toEqual(['src/server/shared-subscriptions.ts']);
  });
});

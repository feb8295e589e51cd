import { once } from 'node:events';
import { WebSocket, WebSocketServer } from 'ws';
import { SharedPayload } from '../../../src/server/frame-channel';
import { graphqlWsFrameChannel } from '../../../src/server/graphql-ws-frame-channel';
import { waitFor } from '../../helpers/wait-for';

/** Payloads on each side of the frame header's length forms (7-bit, 16-bit, 64-bit), with multi-byte characters. */
const payloads = [
  '{"data":{"n":1}}',
  `{"data":{"s":"${'ü€'.repeat(60)}"}}`,
  `{"data":{"s":"${'😀x'.repeat(20_000)}"}}`,
].map((text) => new SharedPayload(text));

async function framesThrough(perMessageDeflate: boolean): Promise<string[]> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate });
  await once(wss, 'listening');
  wss.on('connection', (socket) => {
    const channel = graphqlWsFrameChannel(socket, 'op-é', 1 << 20);
    for (const payload of payloads) channel.sendNext(payload);
    socket.send('{"id":"op-é","type":"complete"}'); // ws's own frame after ours keeps its place
    channel.sendNext(payloads[0]!);
  });
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`, { perMessageDeflate });
  const received: string[] = [];
  client.on('message', (data) => received.push(String(data)));
  try {
    await waitFor(() => received.length === 5, { what: 'five frames' });
    if (perMessageDeflate) expect(client.extensions).toContain('permessage-deflate');
    return received;
  } finally {
    client.terminate();
    await new Promise((resolve) => wss.close(resolve));
  }
}

describe('graphql-ws frame channel', () => {
  const expected = [
    ...payloads.map((p) => `{"id":"op-é","type":"next","payload":${p.text}}`),
    '{"id":"op-é","type":"complete"}',
    `{"id":"op-é","type":"next","payload":${payloads[0]!.text}}`,
  ];

  it('writes next frames the client reads as graphql-ws text messages, in order with ws-sent frames, at every length form', async () => {
    expect(await framesThrough(false)).toEqual(expected);
  });

  it('leaves framing to ws when an extension is negotiated (permessage-deflate)', async () => {
    expect(await framesThrough(true)).toEqual(expected);
  });
});

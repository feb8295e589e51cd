import WebSocket from 'ws';
import { waitFor, withDeadline } from '../wait-for';

/** A bare graphql-transport-ws client whose socket reading can be paused, to play a slow consumer. */
export async function openRawClient(url: string) {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const messages: Array<{ id?: string; type: string; payload?: any }> = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  await withDeadline(
    new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    }),
    { what: `the websocket to ${url} to open`, onTimeout: () => socket.terminate() },
  );
  socket.send(JSON.stringify({ type: 'connection_init' }));
  await waitFor(() => messages.some((m) => m.type === 'connection_ack'), { what: 'connection_ack', intervalMs: 5 }).catch((error: Error) => {
    socket.terminate();
    throw error;
  });
  const raw = (socket as unknown as { _socket: import('node:net').Socket })._socket;
  return {
    socket,
    messages,
    subscribe(id: string, query: string, variables?: Record<string, unknown>) {
      socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
    },
    complete(id: string) {
      socket.send(JSON.stringify({ id, type: 'complete' }));
    },
    /** Stops reading from the TCP socket: the server's send buffer fills up. */
    pauseReading: () => raw.pause(),
    resumeReading: () => raw.resume(),
    close: () => socket.terminate(),
  };
}

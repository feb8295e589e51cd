import WebSocket from 'ws';

/** A bare graphql-transport-ws client whose socket reading can be paused, to play a slow consumer. */
export async function openRawClient(url: string) {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const messages: Array<{ id?: string; type: string; payload?: any }> = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'connection_init' }));
  await new Promise<void>((resolve) => {
    const check = () => (messages.some((m) => m.type === 'connection_ack') ? resolve() : setTimeout(check, 5));
    check();
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

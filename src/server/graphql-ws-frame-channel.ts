import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { DrainWaiters, type FrameChannel, type SharedPayload } from './frame-channel';

/**
 * The only code that reaches into a websocket's internals: it writes graphql-ws `next` frames itself (so one
 * serialized payload serves every subscriber of an execution group) and corks/watches the raw net.Socket that `ws`
 * keeps as its private `_socket`, for per-tick batching and backpressure. If `ws` ever renames that field, frames
 * still flow (through `ws.send`, uncorked) and DrainWaiters' poll still wakes waiting subscribers.
 */

const OPEN = 1;

/**
 * Per payload, its UTF-8 bytes and the frame's closing brace: encoded once per event and written to every socket of
 * the group, instead of building and encoding the whole frame text once per subscriber.
 */
const frameTails = new WeakMap<SharedPayload, Buffer>();

function frameTail(payload: SharedPayload): Buffer {
  let tail = frameTails.get(payload);
  if (!tail) {
    tail = Buffer.from(`${payload.text}}`);
    frameTails.set(payload, tail);
  }
  return tail;
}

/** A graphql-ws operation `id` on `socket`: frames are `{"id":…,"type":"next","payload":…}`, byte-for-byte graphql-ws's. */
export function graphqlWsFrameChannel(socket: WebSocket, id: string, highWater: number): FrameChannel {
  const prefixText = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  const prefix = Buffer.from(prefixText);
  // Framed here only when ws would frame it the same way: no extension (permessage-deflate) negotiated, which is
  // settled before any operation starts.
  const plain = socket.extensions === '';
  return {
    writable: (wake) => socket.readyState === OPEN && socketOpenThisTick(socket, highWater, wake),
    sendNext(payload) {
      if (socket.readyState !== OPEN) return;
      const raw = rawSocket(socket);
      if (raw && plain) writeTextFrame(raw, prefix, frameTail(payload));
      else socket.send(prefixText + payload.text + '}');
    },
  };
}

/**
 * One unmasked, unfragmented text frame (RFC 6455 §5.2, as a server sends it) whose data is `prefix` then `tail`:
 * the header and this socket's prefix in one small buffer, then the shared tail. `ws` writes text frames the same way
 * (header, then data, in one cork) and, without extensions, never holds frames back, so order with its own frames
 * (complete, error, pong) is kept.
 */
function writeTextFrame(raw: Socket, prefix: Buffer, tail: Buffer): void {
  const length = prefix.length + tail.length;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const head = Buffer.allocUnsafe(headerLength + prefix.length);
  head[0] = 0x81; // FIN, opcode 1 (text)
  if (length < 126) {
    head[1] = length;
  } else if (length < 65_536) {
    head[1] = 126;
    head.writeUInt16BE(length, 2);
  } else {
    head[1] = 127;
    head.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    head.writeUInt32BE(length >>> 0, 6);
  }
  prefix.copy(head, headerLength);
  const cork = raw.writableCorked === 0;
  if (cork) raw.cork();
  raw.write(head);
  raw.write(tail);
  if (cork) raw.uncork();
}

interface SocketTickState {
  tick: number;
  /** Whether the socket was under the high-water mark when this tick first wrote to it. */
  open: boolean;
  /** Subscribers waiting for the socket to drain. */
  waiting: DrainWaiters;
}

const socketStates = new WeakMap<WebSocket, SocketTickState>();
const corkedThisTick: Socket[] = [];
let tick = 0;
let tickScheduled = false;

function rawSocket(socket: WebSocket): Socket | undefined {
  return (socket as unknown as { _socket?: Socket })._socket;
}

/** A counter that moves on after every tick in which a frame was written; uncorks what that tick corked. */
function currentTick(): number {
  if (!tickScheduled) {
    tickScheduled = true;
    process.nextTick(() => {
      tickScheduled = false;
      tick++;
      for (const raw of corkedThisTick.splice(0)) raw.uncork();
    });
  }
  return tick;
}

/**
 * Backpressure per socket and tick: the first write of a tick decides whether the socket may be written to in this
 * tick (it holds less than `highWater` unsent bytes). If so, the socket is corked until the tick ends, so all frames of
 * one dispatch chunk leave in one writev (at most a chunk's worth beyond the mark). If not, `wake` runs once the socket
 * drains; until then the subscriber's events wait in its bounded buffer.
 */
function socketOpenThisTick(socket: WebSocket, highWater: number, wake: () => void): boolean {
  let state = socketStates.get(socket);
  if (!state) {
    state = { tick: -1, open: true, waiting: new DrainWaiters(rawSocket(socket)) };
    socketStates.set(socket, state);
  }
  const now = currentTick();
  if (state.tick !== now) {
    state.tick = now;
    state.open = socket.bufferedAmount < highWater;
    const raw = rawSocket(socket);
    if (state.open && raw) {
      raw.cork();
      corkedThisTick.push(raw);
    }
  }
  if (!state.open) state.waiting.add(wake);
  return state.open;
}

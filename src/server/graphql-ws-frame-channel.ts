import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { DrainWaiters, type FrameChannel } from './frame-channel';

/**
 * The only code that reaches into a websocket's internals: it writes graphql-ws `next` frames itself (so one
 * serialized payload serves every subscriber of an execution group) and corks/watches the raw net.Socket that `ws`
 * keeps as its private `_socket`, for per-tick batching and backpressure. If `ws` ever renames that field, frames
 * still flow (uncorked) and DrainWaiters' poll still wakes waiting subscribers.
 */

const OPEN = 1;

/** A graphql-ws operation `id` on `socket`: frames are `{"id":…,"type":"next","payload":…}`, byte-for-byte graphql-ws's. */
export function graphqlWsFrameChannel(socket: WebSocket, id: string, highWater: number): FrameChannel {
  const prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  return {
    writable: (wake) => socket.readyState === OPEN && socketOpenThisTick(socket, highWater, wake),
    sendNext(payload) {
      if (socket.readyState === OPEN) socket.send(prefix + payload + '}');
    },
  };
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

import WebSocket from 'ws';
import { nowUs, type ClientMessage } from './common';

/**
 * A client process holding many graphql-ws subscriptions. It counts `next` frames and measures produce→client latency
 * from the send time the producer put in each event's url (`?t=<µs>`), reading it with a regex instead of parsing JSON
 * so the client side costs as little as possible.
 */
const url = process.env.BENCH_URL!;
const count = Number(process.env.BENCH_CLIENTS);
const query = process.env.BENCH_QUERY!;
let delivered = 0;
let errors = 0;
let latencies: number[] = [];
let sampling = false;
const T = /[?]t=(\d+)/;
const NEXT = Buffer.from('"type":"next"');
const ERROR = Buffer.from('"type":"error"');
/** Latency is read from every 4th frame: enough samples, a quarter of the client-side cost. */
const SAMPLE_EVERY = 4;

function open(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false, skipUTF8Validation: true });
    socket.on('open', () => socket.send('{"type":"connection_init"}'));
    socket.on('error', reject);
    socket.on('message', (data: Buffer) => {
      if (data.includes(NEXT)) {
        delivered++;
        if (sampling && delivered % SAMPLE_EVERY === 0) {
          const match = T.exec(data.toString('latin1'));
          if (match) latencies.push(nowUs() - Number(match[1]));
        }
        return;
      }
      const text = data.toString();
      if (text.includes('connection_ack')) {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
        resolve();
        return;
      }
      if (data.includes(ERROR)) errors++;
    });
  });
}

async function main(): Promise<void> {
  for (let i = 0; i < count; i += 50) await Promise.all(Array.from({ length: Math.min(50, count - i) }, open));
  process.send!({ type: 'subscribed', count } satisfies ClientMessage);
  process.on('message', (message: { type: string; sample?: boolean }) => {
    if (message.type === 'start') {
      delivered = 0;
      errors = 0;
      latencies = [];
      sampling = Boolean(message.sample);
    }
    if (message.type === 'stop') {
      process.send!({ type: 'report', delivered, errors, latenciesUs: latencies } satisfies ClientMessage);
      sampling = false;
    }
    if (message.type === 'exit') process.exit(0);
  });
  process.on('disconnect', () => process.exit(0));
}

void main();

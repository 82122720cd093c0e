// The load client: one worker process, driven by bench.mjs over IPC. The same client for every
// server. Latencies are in milliseconds, from performance.now().
import { WebSocket } from 'ws';

const WHOAMI = (id) => `{"type":"whoami","id":"${id}"}`;
const open = (url, token) => new WebSocket(url, { perMessageDeflate: false, headers: { Authorization: `Bearer ${token}` } });

// connect with a distinct token, one request/reply, close; `concurrency` loops in flight
function handshakes({ url, tokens, concurrency }) {
  return new Promise((resolve) => {
    const latencies = [];
    let next = 0, errors = 0, running = 0;
    const start = performance.now();
    const loop = () => {
      if (next >= tokens.length) {
        if (--running === 0) resolve({ count: latencies.length, errors, latencies, ms: performance.now() - start });
        return;
      }
      const t0 = performance.now();
      const ws = open(url, tokens[next++]);
      let answered = false;
      ws.on('open', () => ws.send(WHOAMI('1')));
      ws.on('message', () => { answered = true; latencies.push(performance.now() - t0); ws.close(1000); });
      ws.on('error', () => {});
      ws.on('close', () => { if (!answered) errors++; loop(); });
    };
    for (let i = 0; i < concurrency; i++) { running++; loop(); }
  });
}

function connectAll(url, tokens, concurrency) {
  return new Promise((resolve) => {
    const sockets = [];
    let next = 0, errors = 0, running = 0;
    const loop = () => {
      if (next >= tokens.length) {
        if (--running === 0) resolve({ sockets, errors });
        return;
      }
      const ws = open(url, tokens[next++]);
      ws.on('open', () => { sockets.push(ws); loop(); });
      ws.on('error', () => { errors++; loop(); });
    };
    for (let i = 0; i < Math.min(concurrency, tokens.length); i++) { running++; loop(); }
  });
}

// request/reply over open connections: each connection sends, awaits the reply, sends again
let rrSockets = [];
async function rrOpen({ url, tokens }) {
  const { sockets, errors } = await connectAll(url, tokens, 16);
  rrSockets = sockets;
  // one checked exchange per connection, which also warms the path
  let sample = null;
  await Promise.all(sockets.map((ws) => new Promise((res) => {
    ws.once('message', (d) => { sample = d.toString(); res(); });
    ws.send(WHOAMI('w'));
  })));
  return { open: sockets.length, errors, sample };
}

function rrRun({ perConnection }) {
  return new Promise((resolve) => {
    const latencies = new Float64Array(rrSockets.length * perConnection);
    let n = 0, done = 0;
    const start = performance.now();
    for (const ws of rrSockets) {
      let sent = 0, t0 = 0;
      const send = () => { t0 = performance.now(); ws.send(WHOAMI(sent++)); };
      ws.removeAllListeners('message');
      ws.on('message', () => {
        latencies[n++] = performance.now() - t0;
        if (sent < perConnection) send();
        else if (++done === rrSockets.length) resolve({ count: n, latencies: Array.from(latencies.subarray(0, n)), ms: performance.now() - start });
      });
      send();
    }
  });
}

function closeAll(sockets) {
  return Promise.all(sockets.map((ws) => new Promise((res) => {
    if (ws.readyState === WebSocket.CLOSED) return res();
    ws.once('close', res);
    ws.close(1000);
    setTimeout(() => { ws.terminate(); res(); }, 5000).unref();
  })));
}

let idle = [];
const commands = {
  handshakes,
  rrOpen,
  rrRun,
  rrClose: async () => { await closeAll(rrSockets); rrSockets = []; return {}; },
  idleOpen: async ({ url, tokens }) => { const r = await connectAll(url, tokens, 32); idle = idle.concat(r.sockets); return { open: r.sockets.length, errors: r.errors }; },
  idleClose: async () => { await closeAll(idle); idle = []; return {}; },
};

process.on('message', async ({ id, cmd, args }) => {
  try {
    process.send({ id, result: await commands[cmd](args) });
  } catch (e) {
    process.send({ id, error: String(e && e.stack || e) });
  }
});

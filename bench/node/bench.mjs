// Orchestrates one benchmark run: signs the tokens, starts each server as its own process,
// drives them from load-client worker processes (load.mjs) with rounds alternated between
// servers, reads CPU, memory and threads from /proc and jcmd, prints a table, writes JSON.
// Run through bench/run.sh, which builds the class path and installs the node modules.
import { fork, spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const opt = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '')).map((a) => (a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, 'true'])));
const num = (k, d) => Number(opt[k] ?? d);
const cfg = {
  rounds: num('rounds', 5), handshakes: num('handshakes', 3000), hsConcurrency: num('hs-concurrency', 32),
  connections: num('connections', 50), requests: num('requests', 2000), idle: num('idle', 10000),
  // --idle-steps=1000,10000,19000: the idle phase opens connections up to each count in turn and
  // records the server's RSS, heap after a full GC and (with NMT on) committed native memory at each
  idleSteps: opt['idle-steps'] ? opt['idle-steps'].split(',').map(Number) : null,
  workers: num('workers', 1), warmup: num('warmup', 20000), javaWarmup: num('java-warmup', 6000),
  clients: (opt.clients ?? 'node,java').split(','), idleClient: opt['idle-client'] ?? 'node', settle: num('settle', 6), repeatTokens: num('repeat-tokens', 0),
  servers: (opt.servers ?? 'wsjwt,wsjwt-nometrics,bare,tyrus,node').split(','), phases: (opt.phases ?? 'handshake,rr,idle').split(','),
  histogram: opt.histogram === 'true', classpath: opt.classpath, out: opt.out ?? path.join(here, '..', 'results'), profile: opt.profile === 'true',
  javaOpts: (opt['java-opts'] ?? '-Xms1g -Xmx1g -XX:+AlwaysPreTouch').split(' ').filter(Boolean),
  clientJavaOpts: (opt['client-java-opts'] ?? '-Xms512m -Xmx2g').split(' ').filter(Boolean),
};
const ISSUER = 'https://idp.bench/', AUDIENCE = 'wsjwt-bench';
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const runDir = path.join(cfg.out, stamp);
fs.mkdirSync(runDir, { recursive: true });
const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

// ---- tokens: one RSA key, distinct RS256 tokens -------------------------------------------
const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'bench-1', alg: 'RS256', use: 'sig' };
const jwksFile = path.join(runDir, 'jwks.json');
fs.writeFileSync(jwksFile, JSON.stringify({ keys: [jwk] }));
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
function sign(sub) {
  const now = Math.floor(Date.now() / 1000);
  const input = b64({ alg: 'RS256', typ: 'JWT', kid: 'bench-1' }) + '.' + b64({
    iss: ISSUER, aud: AUDIENCE, sub, iat: now, nbf: now, exp: now + 7200, permissions: ['chat:read', 'chat:write'],
  });
  return input + '.' + crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url');
}
if (cfg.idleSteps) cfg.idle = Math.max(...cfg.idleSteps);
const tokenCount = Math.max(cfg.warmup + cfg.rounds * cfg.handshakes, cfg.idle, cfg.connections);
log(`signing ${tokenCount} distinct RS256 tokens`);
const tokens = Array.from({ length: tokenCount }, (_, i) => sign(`user-${i}`));
const warmTokens = tokens.slice(0, cfg.warmup);
// --repeat-tokens=N: every handshake round cycles through the same N tokens (reconnects with a
// token the server has seen, which its cache of verified tokens answers); 0: all distinct.
const roundTokens = (r) => (cfg.repeatTokens > 0
  ? Array.from({ length: cfg.handshakes }, (_, i) => tokens[cfg.warmup + (i % cfg.repeatTokens)])
  : tokens.slice(cfg.warmup + r * cfg.handshakes, cfg.warmup + (r + 1) * cfg.handshakes));

// ---- servers ------------------------------------------------------------------------------
// A Java server variant is one entry: javaServer(label, main class, extra JVM options). Extra
// options (system properties such as -Dwsjwt.some.setting=off) come after the common ones, so
// they win.
const javaCommon = [...cfg.javaOpts, '-cp', cfg.classpath];
const jfr = (name) => (cfg.profile ? ['-XX:FlightRecorderOptions:stackdepth=256', `-XX:StartFlightRecording=filename=${path.join(runDir, `${name}.jfr`)},settings=profile`] : []);
const wsjwtProps = () => ['-Dwsjwt.port=0', `-Dmp.jwt.verify.publickey.location=${jwksFile}`,
  `-Dmp.jwt.verify.issuer=${ISSUER}`, `-Dmp.jwt.verify.audiences=${AUDIENCE}`,
  '-Dwsjwt.rate.per-second=1000000', '-Dwsjwt.rate.burst=1000000'];
const javaServer = (label, main, pattern, extra = () => []) => ({
  label, pattern, java: true,
  command: (name) => ['java', [...javaCommon, ...extra(), ...jfr(name), main]],
});
const SERVERS = {
  wsjwt: javaServer('wsjwt (authenticated, whoami)', 'dev.wsjwt.chat.Main', /wsjwt listening: (ws:\/\/\S+)/, wsjwtProps),
  // The same server with its metrics off (wsjwt.metrics.enabled=false: no OpenTelemetry SDK, the
  // security event log only): what instrumentation costs, in the same run.
  'wsjwt-nometrics': javaServer('wsjwt, metrics off', 'dev.wsjwt.chat.Main', /wsjwt listening: (ws:\/\/\S+)/,
    () => [...wsjwtProps(), '-Dwsjwt.metrics.enabled=false']),
  bare: javaServer('bare Tyrus (no auth, echo)', 'dev.wsjwt.bench.BareEchoServer', /bare listening: (ws:\/\/\S+)/),
  tyrus: javaServer('bare Tyrus, Grizzly defaults (no auth, echo)', 'dev.wsjwt.bench.BareEchoServer', /bare listening: (ws:\/\/\S+)/,
    () => ['-Dbench.grizzly-defaults=true']),
  node: {
    label: 'Node ws + jose (whoami)', pattern: /node listening: (ws:\/\/\S+)/, java: false,
    command: () => ['node', [path.join(here, 'server.mjs'), jwksFile, ISSUER, AUDIENCE]],
  },
};

function startServer(name) {
  const [cmd, args] = SERVERS[name].command(name);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = fs.createWriteStream(path.join(runDir, `${name}.log`), { flags: 'a' });
  child.stderr.pipe(out);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start; see ${runDir}/${name}.log`)), 60000);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      out.write(line + '\n');
      const m = SERVERS[name].pattern.exec(line);
      if (m) { clearTimeout(timer); resolve({ name, child, pid: child.pid, url: m[1] }); }
    });
    child.on('exit', (code) => reject(new Error(`${name} exited with ${code}; see ${runDir}/${name}.log`)));
  });
}
async function stopServer(s) {
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15000))]);
  if (s.child.exitCode === null) s.child.kill('SIGKILL');
}

// ---- /proc --------------------------------------------------------------------------------
const TICK = 100; // USER_HZ on Linux
function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICK; // utime, stime
  } catch { return NaN; }
}
function status(pid) {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssKiB: Number(/VmRSS:\s+(\d+)/.exec(s)[1]), threads: Number(/Threads:\s+(\d+)/.exec(s)[1]) };
}
function javaHeapUsedKiB(pid) {
  execFileSync('jcmd', [String(pid), 'GC.run'], { stdio: 'ignore' });
  const info = execFileSync('jcmd', [String(pid), 'GC.heap_info'], { encoding: 'utf8' });
  // every heap space's "total ..., used NK" line (G1: one; Serial and Parallel: one a
  // generation), not Metaspace's or the class space's
  return [...info.matchAll(/^\s*(?!Metaspace|class space)\S.*total \d+K, used (\d+)K/gm)].reduce((a, m) => a + Number(m[1]), 0);
}
/** jcmd GC.class_histogram (it runs a full GC first) as {class: {instances, bytes}}, and the text. */
function classHistogram(pid) {
  const text = execFileSync('jcmd', [String(pid), 'GC.class_histogram'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const classes = {};
  for (const m of text.matchAll(/^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)/gm)) classes[m[3]] = { instances: Number(m[1]), bytes: Number(m[2]) };
  return { classes, text };
}
/** NMT's summary (only with -XX:NativeMemoryTracking=summary), or null. */
function nativeMemory(pid) {
  try {
    const text = execFileSync('jcmd', [String(pid), 'VM.native_memory', 'summary'], { encoding: 'utf8' });
    return /Native Memory Tracking/.test(text) && !/not enabled/.test(text) ? text : null;
  } catch { return null; }
}
/** Per connection, the classes whose bytes grew most between two histograms. */
function histogramGrowth(before, after, open, top = 25) {
  return Object.entries(after.classes).map(([k, a]) => {
    const b = before.classes[k] ?? { instances: 0, bytes: 0 };
    return { class: k, instancesPerConn: (a.instances - b.instances) / open, bytesPerConn: (a.bytes - b.bytes) / open };
  }).sort((x, y) => y.bytesPerConn - x.bytesPerConn).slice(0, top);
}
/** CPU seconds per thread group (JIT compilers, GC, the rest) from /proc/<pid>/task. */
function threadGroup(comm) {
  if (/^C2 Compiler/.test(comm)) return 'c2';
  if (/^C1 Compiler/.test(comm)) return 'c1';
  if (/^(GC Thread|G1 |VM Thread|VM Periodic)/.test(comm)) return 'gcVm';
  return 'app';
}
function cpuByThreadGroup(pid) {
  const out = { app: 0, c2: 0, c1: 0, gcVm: 0 };
  let tasks = [];
  try { tasks = fs.readdirSync(`/proc/${pid}/task`); } catch { return out; }
  for (const t of tasks) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out[threadGroup(comm)] += (Number(f[11]) + Number(f[12])) / TICK;
    } catch { /* thread gone */ }
  }
  return out;
}
const loadavg = () => os.loadavg().map((x) => Number(x.toFixed(2)));

// ---- load clients -------------------------------------------------------------------------
// Two independent clients with the same commands: 'node' (load.mjs, the ws library, driven over
// IPC) and 'java' (JavaLoadClient, the JDK's java.net.http WebSocket, driven over stdin/stdout,
// one JSON object a line). Each has --workers processes.
function nodeWorker() {
  const w = fork(path.join(here, 'load.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  w.pending = new Map(); w.seq = 0;
  w.on('message', ({ id, result, error }) => { const p = w.pending.get(id); w.pending.delete(id); error ? p.reject(new Error(error)) : p.resolve(result); });
  w.send1 = (msg) => w.send(msg);
  return w;
}
function javaWorker() {
  const w = spawn('java', [...cfg.clientJavaOpts, '-cp', cfg.classpath, 'dev.wsjwt.bench.JavaLoadClient'], { stdio: ['pipe', 'pipe', 'inherit'] });
  w.pending = new Map(); w.seq = 0;
  readline.createInterface({ input: w.stdout, crlfDelay: Infinity }).on('line', (line) => {
    const { id, result, error } = JSON.parse(line);
    if (id === undefined) return; // {"ready":true}
    const p = w.pending.get(id); w.pending.delete(id); error ? p.reject(new Error(error)) : p.resolve(result);
  });
  w.send1 = (msg) => w.stdin.write(JSON.stringify(msg) + '\n');
  return w;
}
const CLIENTS = { node: nodeWorker, java: javaWorker };
const clientWorkers = Object.fromEntries([...new Set([...cfg.clients, ...(cfg.phases.includes('idle') ? [cfg.idleClient] : [])])]
  .map((c) => [c, Array.from({ length: cfg.workers }, CLIENTS[c])]));
const call = (w, cmd, args) => new Promise((resolve, reject) => { const id = ++w.seq; w.pending.set(id, { resolve, reject }); w.send1({ id, cmd, args }); });
const split = (list, i) => list.filter((_, k) => k % cfg.workers === i);
const all = (client, cmd, argsFor) => Promise.all(clientWorkers[client].map((w, i) => call(w, cmd, argsFor(i))));

/** Runs fn while measuring wall time and the CPU seconds of the server and of the clients. */
async function measured(server, client, fn) {
  const workers = clientWorkers[client];
  const c0 = workers.map((w) => cpuSeconds(w.pid)), s0 = cpuSeconds(server.pid), g0 = cpuByThreadGroup(server.pid), t0 = performance.now(), l0 = loadavg()[0];
  const results = await fn();
  const wall = (performance.now() - t0) / 1000;
  const g1 = cpuByThreadGroup(server.pid);
  let serverRssKiB = null;
  try { serverRssKiB = status(server.pid).rssKiB; } catch { /* gone */ }
  return { serverRssKiB,
    results, wall, serverCpu: cpuSeconds(server.pid) - s0,
    serverCpuByThreads: Object.fromEntries(Object.keys(g1).map((k) => [k, g1[k] - g0[k]])),
    clientCpu: workers.reduce((a, w, i) => a + cpuSeconds(w.pid) - c0[i], 0),
    clientCpuMaxWorker: Math.max(...workers.map((w, i) => cpuSeconds(w.pid) - c0[i])), load1: Math.max(l0, loadavg()[0]),
  };
}
const pct = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN;
function summarise(m, latencies, count) {
  const sorted = Float64Array.from(latencies).sort();
  return {
    count, perSecond: count / m.wall, p50ms: pct(sorted, 0.5), p99ms: pct(sorted, 0.99), wallSeconds: m.wall,
    serverCpuSeconds: m.serverCpu, serverCpuMicrosPerOp: (m.serverCpu / count) * 1e6,
    // per thread group (app = Java threads incl. the kernel work they do; c1/c2 = JIT; gcVm = GC + VM thread)
    serverCpuMicrosPerOpByThreads: Object.fromEntries(Object.entries(m.serverCpuByThreads).map(([k, v]) => [k, Math.round((v / count) * 1e6)])),
    clientCpuSeconds: m.clientCpu, clientCoreUtilisation: m.clientCpuMaxWorker / m.wall, load1: m.load1,
    serverRssKiB: m.serverRssKiB, // at the end of the round: the footprint under load
  };
}

async function handshakeRound(server, toks, client) {
  const m = await measured(server, client, () => all(client, 'handshakes', (i) => ({ url: server.url, tokens: split(toks, i), concurrency: Math.ceil(cfg.hsConcurrency / cfg.workers) })));
  const count = m.results.reduce((a, r) => a + r.count, 0), errors = m.results.reduce((a, r) => a + r.errors, 0);
  return { ...summarise(m, m.results.flatMap((r) => r.latencies), count), errors };
}
async function rrRound(server, perConnection, client) {
  const opened = await all(client, 'rrOpen', (i) => ({ url: server.url, tokens: split(warmTokens.slice(0, cfg.connections), i) }));
  const m = await measured(server, client, () => all(client, 'rrRun', () => ({ perConnection })));
  await all(client, 'rrClose', () => ({}));
  const count = m.results.reduce((a, r) => a + r.count, 0);
  return { ...summarise(m, m.results.flatMap((r) => r.latencies), count), open: opened.reduce((a, r) => a + r.open, 0), sample: opened[0].sample };
}

// ---- the run ------------------------------------------------------------------------------
// report.handshake[client][server] and report.rr[client][server]: the rounds of each client.
const report = {
  started: new Date().toISOString(), machine: { cpus: os.cpus().length, model: os.cpus()[0].model, memGiB: Math.round(os.totalmem() / 2 ** 30) },
  node: process.version, java: undefined,
  config: { ...cfg, classpath: undefined }, loadAverageAtStart: loadavg(),
  handshake: Object.fromEntries(cfg.clients.map((c) => [c, {}])), rr: Object.fromEntries(cfg.clients.map((c) => [c, {}])), idle: {},
};
try { report.java = execFileSync('sh', ['-c', 'java -version 2>&1 | head -1'], { encoding: 'utf8' }).trim(); } catch { /* informational */ }

const rotate = (list, r) => list.map((_, i) => list[(i + r) % list.length]);
if (cfg.phases.includes('handshake') || cfg.phases.includes('rr')) {
  const running = {};
  for (const name of cfg.servers) running[name] = await startServer(name);
  for (const name of cfg.servers) {
    // Every client warms every server (and itself: the Java client has its own JIT to warm).
    for (const client of cfg.clients) {
      const toks = client === cfg.clients[0] ? warmTokens : warmTokens.slice(0, Math.min(cfg.javaWarmup, warmTokens.length));
      log(`warming ${name} with the ${client} client (${toks.length} handshakes)`);
      const w = await handshakeRound(running[name], toks, client);
      log(`warm-up ${name} (${client}): ${w.perSecond.toFixed(0)}/s, server ${w.serverCpuMicrosPerOp.toFixed(0)} µs CPU/op ${JSON.stringify(w.serverCpuMicrosPerOpByThreads)}`);
      await rrRound(running[name], cfg.requests, client);
    }
  }
  // Then until the JIT has settled: on 2 cores C2 is still compiling after the warm-up above
  // (a backlog it drops while the server idles and picks up again in its first measured round:
  // up to ~490 µs of C2 time per handshake there). Each server, in turn, runs short handshake
  // rounds (warm-up tokens again: by now long gone from wsjwt's cache of verified tokens) until
  // the compiler threads take under 10 µs per handshake, at most --settle rounds; the clients
  // take turns.
  for (let pass = 0; pass < cfg.settle; pass++) {
    let settled = true;
    const client = cfg.clients[pass % cfg.clients.length];
    for (const name of cfg.servers) {
      const chunk = Math.min(3000, warmTokens.length);
      const start = (pass * chunk) % Math.max(1, warmTokens.length - chunk + 1);
      const s = await handshakeRound(running[name], warmTokens.slice(start, start + chunk), client);
      const jit = s.serverCpuMicrosPerOpByThreads.c2 + s.serverCpuMicrosPerOpByThreads.c1;
      log(`settling ${name} (${client}): ${s.perSecond.toFixed(0)}/s, server ${s.serverCpuMicrosPerOp.toFixed(0)} µs CPU/op ${JSON.stringify(s.serverCpuMicrosPerOpByThreads)}`);
      if (jit >= 10) settled = false;
    }
    if (settled && pass + 1 >= cfg.clients.length) break;
  }
  // Each round: every client in turn, and for each client every server, the servers' order
  // rotated each round. A client's two servers of one round run back to back.
  for (let r = 0; r < cfg.rounds; r++) {
    for (const client of cfg.clients) {
      for (const name of rotate(cfg.servers, r)) {
        if (cfg.phases.includes('handshake')) {
          const res = await handshakeRound(running[name], roundTokens(r), client);
          (report.handshake[client][name] ??= []).push(res);
          log(`round ${r + 1} handshake ${name} (${client} client): ${res.perSecond.toFixed(0)}/s p50 ${res.p50ms.toFixed(2)} ms p99 ${res.p99ms.toFixed(2)} ms, errors ${res.errors}, server ${res.serverCpuMicrosPerOp.toFixed(0)} µs CPU/op ${JSON.stringify(res.serverCpuMicrosPerOpByThreads)}, client core ${(res.clientCoreUtilisation * 100).toFixed(0)}%, load ${res.load1}`);
        }
      }
    }
    for (const client of cfg.clients) {
      for (const name of rotate(cfg.servers, r)) {
        if (cfg.phases.includes('rr')) {
          const res = await rrRound(running[name], cfg.requests, client);
          (report.rr[client][name] ??= []).push(res);
          log(`round ${r + 1} rr ${name} (${client} client): ${res.perSecond.toFixed(0)}/s p50 ${res.p50ms.toFixed(2)} ms p99 ${res.p99ms.toFixed(2)} ms, server ${res.serverCpuMicrosPerOp.toFixed(1)} µs CPU/op, client core ${(res.clientCoreUtilisation * 100).toFixed(0)}%, load ${res.load1}`);
        }
      }
    }
  }
  for (const name of cfg.servers) report[`${name}Threads`] = status(running[name].pid).threads;
  for (const name of cfg.servers) await stopServer(running[name]);
}

if (cfg.phases.includes('idle')) {
  const client = cfg.idleClient;
  for (const name of cfg.servers) {
    const server = await startServer(name);
    const java = SERVERS[name].java;
    await handshakeRound(server, warmTokens.slice(0, 1000), client); // load and JIT the code paths first
    await new Promise((r) => setTimeout(r, 2000));
    const histoBefore = java && cfg.histogram ? classHistogram(server.pid) : null;
    const nmtBefore = java && cfg.histogram ? nativeMemory(server.pid) : null;
    const committedKiB = (t) => (t ? Number(/Total: reserved=\d+KB, committed=(\d+)KB/.exec(t)?.[1]) : null);
    const snapshot = () => ({ ...status(server.pid), heapKiB: java ? javaHeapUsedKiB(server.pid) : null,
      nmtCommittedKiB: java ? committedKiB(nativeMemory(server.pid)) : null });
    const before = snapshot();
    const steps = [];
    const opened = [];
    let from = 0;
    for (const upTo of cfg.idleSteps ?? [cfg.idle]) {
      opened.push(...await all(client, 'idleOpen', (i) => ({ url: server.url, tokens: split(tokens.slice(from, upTo), i) })));
      from = upTo;
      await new Promise((r) => setTimeout(r, 3000));
      const step = { open: opened.reduce((a, r) => a + r.open, 0), ...snapshot() };
      steps.push(step);
      log(`idle ${name}: ${step.open} open: RSS ${(step.rssKiB / 1024).toFixed(1)} MiB, heap after GC ${step.heapKiB == null ? '-' : (step.heapKiB / 1024).toFixed(1)} MiB, NMT committed ${step.nmtCommittedKiB == null ? '-' : (step.nmtCommittedKiB / 1024).toFixed(1)} MiB, threads ${step.threads}`);
    }
    const after = steps[steps.length - 1];
    const open = after.open;
    let histogram = null;
    if (histoBefore) {
      // --histogram: class histograms before and after (each after a full GC), NMT if enabled
      const histoAfter = classHistogram(server.pid);
      fs.writeFileSync(path.join(runDir, `${name}-histogram-before.txt`), histoBefore.text);
      fs.writeFileSync(path.join(runDir, `${name}-histogram-after.txt`), histoAfter.text);
      const sum = (h) => Object.values(h.classes).reduce((a, c) => a + c.bytes, 0);
      histogram = { bytesPerConn: (sum(histoAfter) - sum(histoBefore)) / open, top: histogramGrowth(histoBefore, histoAfter, open) };
      const nmtAfter = nativeMemory(server.pid);
      if (nmtBefore && nmtAfter) {
        fs.writeFileSync(path.join(runDir, `${name}-nmt-before.txt`), nmtBefore);
        fs.writeFileSync(path.join(runDir, `${name}-nmt-after.txt`), nmtAfter);
        const committed = (t) => Number(/Total: reserved=\d+KB, committed=(\d+)KB/.exec(t)?.[1]);
        histogram.nmtCommittedKiBPerConn = (committed(nmtAfter) - committed(nmtBefore)) / open;
      }
    }
    const res = {
      client, open, errors: opened.reduce((a, r) => a + r.errors, 0), before, after, steps,
      rssKiBPerConnection: (after.rssKiB - before.rssKiB) / open,
      heapKiBPerConnection: java ? (after.heapKiB - before.heapKiB) / open : null,
      threadsBefore: before.threads, threadsAfter: after.threads, histogram,
    };
    report.idle[name] = res;
    if (histogram) log(`idle ${name}: class histogram ${(histogram.bytesPerConn / 1024).toFixed(2)} KiB/conn${histogram.nmtCommittedKiBPerConn != null ? `, NMT committed ${histogram.nmtCommittedKiBPerConn.toFixed(2)} KiB/conn` : ''}; top: ${histogram.top.slice(0, 12).map((c) => `${c.class} ${c.bytesPerConn.toFixed(0)} B (${c.instancesPerConn.toFixed(2)})`).join(', ')}`);
    log(`idle ${name}: ${open} open, RSS ${res.rssKiBPerConnection.toFixed(2)} KiB/conn, heap ${java ? res.heapKiBPerConnection.toFixed(2) : '-'} KiB/conn, threads ${before.threads} -> ${after.threads}`);
    await all(client, 'idleClose', () => ({}));
    await stopServer(server);
  }
}
for (const ws of Object.values(clientWorkers)) for (const w of ws) w.kill();

// ---- report ---------------------------------------------------------------------------------
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN; };
const agg = (rounds) => rounds && ({
  perSecond: median(rounds.map((r) => r.perSecond)), p50ms: median(rounds.map((r) => r.p50ms)), p99ms: median(rounds.map((r) => r.p99ms)),
  serverCpuMicrosPerOp: median(rounds.map((r) => r.serverCpuMicrosPerOp)), clientCoreUtilisation: Math.max(...rounds.map((r) => r.clientCoreUtilisation)),
  errors: rounds.reduce((a, r) => a + (r.errors ?? 0), 0), maxServerRssKiB: Math.max(...rounds.map((r) => r.serverRssKiB ?? 0)),
});
// report.summary[client][phase][server]; report.ratios[client][ratio]
report.summary = {};
report.ratios = {};
const ratio = (a, b) => (a && b ? a / b : null);
const I = report.idle;
for (const client of cfg.clients) {
  const S = report.summary[client] = { handshake: {}, rr: {} };
  for (const k of ['handshake', 'rr']) for (const name of Object.keys(report[k][client])) S[k][name] = agg(report[k][client][name]);
  // Per round as well: the servers of one round ran back to back, so a round's ratio is less
  // exposed to the machine's drift between rounds than the ratio of the medians.
  const perRound = (phase, a, b, field = 'perSecond') => (report[phase][client][a] && report[phase][client][b]
    ? report[phase][client][a].map((r, i) => ratio(r[field], report[phase][client][b][i]?.[field])).filter((x) => x != null) : []);
  const rateRatio = (phase, a, b, target) => {
    const rounds = perRound(phase, a, b);
    return { value: ratio(S[phase][a]?.perSecond, S[phase][b]?.perSecond), perRound: rounds, medianOfRounds: rounds.length ? median(rounds) : null, target };
  };
  // p99 of wsjwt over p99 of the other: at most 1.0 is "no worse"
  const p99Ratio = (phase, a, b, target) => {
    const rounds = perRound(phase, a, b, 'p99ms');
    return { value: ratio(S[phase][a]?.p99ms, S[phase][b]?.p99ms), perRound: rounds, medianOfRounds: rounds.length ? median(rounds) : null, target, atMost: true };
  };
  report.ratios[client] = {
    handshakeVsBare: rateRatio('handshake', 'wsjwt', 'bare', 0.9),
    handshakeVsTyrusDefaults: rateRatio('handshake', 'wsjwt', 'tyrus', 0.9),
    handshakeVsNode: rateRatio('handshake', 'wsjwt', 'node', 1.0),
    handshakeP99VsNode: p99Ratio('handshake', 'wsjwt', 'node', 1.0),
    rrVsBare: rateRatio('rr', 'wsjwt', 'bare', 0.95),
    rrVsTyrusDefaults: rateRatio('rr', 'wsjwt', 'tyrus', 0.95),
    rrVsNode: rateRatio('rr', 'wsjwt', 'node', 1.0),
    // Metrics on against off: at most 3% slower means a ratio of at least 0.97.
    handshakeMetricsOnVsOff: rateRatio('handshake', 'wsjwt', 'wsjwt-nometrics', 0.97),
    rrMetricsOnVsOff: rateRatio('rr', 'wsjwt', 'wsjwt-nometrics', 0.97),
  };
}
report.ratios.idle = {
  idleHeapVsBare: { value: ratio(I.wsjwt?.heapKiBPerConnection, I.bare?.heapKiBPerConnection), target: 1.2, atMost: true },
  idleRssVsBare: { value: ratio(I.wsjwt?.rssKiBPerConnection, I.bare?.rssKiBPerConnection), target: 1.2, atMost: true },
  idleHeapPlusNativeKiB: { value: I.wsjwt ? I.wsjwt.heapKiBPerConnection + I.wsjwt.rssKiBPerConnection : null, target: 12, atMost: true },
};
for (const group of Object.values(report.ratios)) for (const r of Object.values(group)) r.met = r.value == null ? null : (r.atMost ? r.value <= r.target : r.value >= r.target);
report.loadAverageAtEnd = loadavg();
report.finished = new Date().toISOString();
const jsonFile = path.join(runDir, 'report.json');
fs.writeFileSync(jsonFile, JSON.stringify(report, (k, v) => (k === 'latencies' ? undefined : v), 2));

const f = (x, d = 0) => (x == null || Number.isNaN(x) ? '-' : x.toFixed(d));
const lines = [];
lines.push(`wsjwt benchmark ${report.started}  (${report.machine.cpus} cores; load average at start ${report.loadAverageAtStart.join(' ')}, at end ${report.loadAverageAtEnd.join(' ')}; load clients: ${cfg.clients.join(', ')})`);
lines.push('');
lines.push(`Handshakes: ${cfg.repeatTokens ? `RS256 tokens cycled from a set of ${cfg.repeatTokens}` : 'distinct RS256 token'}, connect + one whoami + close, ${cfg.hsConcurrency} in flight, median of ${cfg.rounds} rounds x ${cfg.handshakes}`);
lines.push('| server | client | handshakes/s | p50 ms | p99 ms | server CPU µs/op | client core | server RSS MiB (max) | errors |', '|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const n of cfg.servers) for (const c of cfg.clients) { const s = report.summary[c].handshake[n]; if (s) lines.push(`| ${SERVERS[n].label} | ${c} | ${f(s.perSecond)} | ${f(s.p50ms, 2)} | ${f(s.p99ms, 2)} | ${f(s.serverCpuMicrosPerOp)} | ${f(s.clientCoreUtilisation * 100)}% | ${f(s.maxServerRssKiB / 1024)} | ${s.errors} |`); }
lines.push('');
lines.push(`Request/reply over ${cfg.connections} open connections x ${cfg.requests} requests, median of ${cfg.rounds} rounds`);
lines.push('| server | client | req/replies/s | p50 ms | p99 ms | server CPU µs/op | client core | server RSS MiB (max) |', '|---|---|---:|---:|---:|---:|---:|---:|');
for (const n of cfg.servers) for (const c of cfg.clients) { const s = report.summary[c].rr[n]; if (s) lines.push(`| ${SERVERS[n].label} | ${c} | ${f(s.perSecond)} | ${f(s.p50ms, 2)} | ${f(s.p99ms, 2)} | ${f(s.serverCpuMicrosPerOp, 1)} | ${f(s.clientCoreUtilisation * 100)}% | ${f(s.maxServerRssKiB / 1024)} |`); }
lines.push('');
if (Object.keys(I).length) {
  lines.push(`Idle connections (${cfg.idle}, ${cfg.idleClient} client), after GC`);
  lines.push('| server | open | heap KiB/conn | RSS KiB/conn | threads before -> after |', '|---|---:|---:|---:|---:|');
  for (const [n, s] of Object.entries(I)) lines.push(`| ${SERVERS[n].label} | ${s.open} | ${f(s.heapKiBPerConnection, 2)} | ${f(s.rssKiBPerConnection, 2)} | ${s.threadsBefore} -> ${s.threadsAfter} |`);
  lines.push('');
}
// The clients side by side: of the medians, then the median of the per-round ratios (each round).
const cell = (r) => (r && r.value != null ? `${f(r.value, 2)} / ${f(r.medianOfRounds, 2)} (${r.perRound.map((x) => f(x, 2)).join(', ')}) ${r.met ? '✓' : '✗'}` : '-');
lines.push(`| ratio | ${cfg.clients.map((c) => `${c} client: of the medians / median of rounds (each round)`).join(' | ')} | target |`, `|---|${cfg.clients.map(() => '---').join('|')}|---:|`);
for (const k of Object.keys(report.ratios[cfg.clients[0]] ?? {})) {
  const r0 = report.ratios[cfg.clients[0]][k];
  if (cfg.clients.every((c) => report.ratios[c][k].value == null)) continue;
  lines.push(`| ${k} | ${cfg.clients.map((c) => cell(report.ratios[c][k])).join(' | ')} | ${r0.atMost ? '≤' : '≥'} ${r0.target} |`);
}
for (const [k, r] of Object.entries(report.ratios.idle)) if (r.value != null) lines.push(`| ${k} | ${f(r.value, 2)} ${r.met ? '✓' : '✗'} (idle, ${cfg.idleClient} client) | ${cfg.clients.slice(1).map(() => '').join(' | ')}${cfg.clients.length > 1 ? ' | ' : ''}${r.atMost ? '≤' : '≥'} ${r.target} |`);
lines.push(`report: ${jsonFile}`);
fs.writeFileSync(path.join(runDir, 'table.md'), lines.join('\n') + '\n');
console.log(lines.join('\n'));

// The demo page: tokens from the development identity provider, the connection through
// wsjwt-client.js, and everything that happens written to the event log.
import { connect } from './wsjwt-client.js';

const $ = (id) => document.getElementById(id);
const CLOSE_MEANINGS = {
  1000: 'normal close',
  1006: 'no close frame (connection refused or dropped; browsers never see the HTTP status)',
  1009: 'message too big',
  1011: 'server error',
  4400: 'malformed message',
  4401: 'unauthorized: token expired, invalid or revoked',
  4403: 'forbidden: kicked or not allowed',
  4408: 'no auth message in time',
  4429: 'rate limited',
};

let client = null;
let room = null;
let identity = null;
let expiresAt = null;

function clock(date = new Date()) {
  return date.toLocaleTimeString([], { hour12: false });
}

function log(kind, text) {
  const item = document.createElement('li');
  item.dataset.kind = kind;
  const time = document.createElement('time');
  time.textContent = clock();
  const label = document.createElement('span');
  label.className = 'kind';
  label.textContent = kind;
  item.append(time, label, document.createTextNode(text));
  $('log').append(item);
  $('log').scrollTop = $('log').scrollHeight; // the list scrolls, never the page
}

function setStatus(state, text) {
  $('status').dataset.state = state;
  $('status').textContent = text;
  $('connect').disabled = state === 'connecting' || state === 'connected';
  $('disconnect').disabled = !(state === 'connecting' || state === 'connected' || state === 'reconnecting');
}

function showExpiry() {
  if ($('status').dataset.state !== 'connected' || !expiresAt) return;
  $('status').dataset.exp = expiresAt;
  const left = Math.max(0, Math.round(expiresAt - Date.now() / 1000));
  $('status').textContent = `Connected as ${identity.sub} (${(identity.permissions || []).join(' ') || 'no permissions'}); `
    + `token expires in ${left} s.`;
}

async function devToken(sub, permissions, ttl) {
  const query = new URLSearchParams({ sub, permissions, ttl });
  const path = `dev/token?${query}`;
  let response;
  try {
    response = await fetch(path, { cache: 'no-store' });
  } catch (e) {
    throw Object.assign(new Error(`GET ${path} failed: ${e.message}`), { code: 'http_unreachable' });
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.access_token) {
    const reason = body.error || response.statusText || 'no access_token in the reply';
    throw Object.assign(new Error(`GET /dev/token answered ${response.status}: ${reason}`), { code: `http_${response.status}` });
  }
  return body.access_token;
}

function start(event) {
  event.preventDefault();
  if (client) client.close();
  const option = $('identity').selectedOptions[0];
  const sub = option.value;
  const permissions = option.dataset.permissions.trim().split(/\s+/).filter(Boolean).join(',');
  const ttl = $('ttl').value.trim();
  const transport = $('transport').value;
  const url = new URL('ws/chat', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';

  room = null;
  $('joined').textContent = 'No room joined.';
  setStatus('connecting', `Connecting as ${sub} (token lifetime ${ttl} s, ${transport})...`);
  log('info', `connecting as ${sub} with a ${ttl} s token over the ${transport} transport`);
  const ticketUrl = new URL('wsjwt/ticket', location.href).href;
  const current = connect({ url: url.href, transport, ticketUrl, getToken: () => devToken(sub, permissions, ttl) });
  client = current;
  const mine = (listener) => (value) => { if (client === current) listener(value); };

  current.on('open', mine((me) => {
    identity = me;
    expiresAt = me.exp;
    setStatus('connected', '');
    showExpiry();
    log('open', `authenticated as ${me.sub} with [${(me.permissions || []).join(', ')}], token expires at ${clock(new Date(me.exp * 1000))}`);
    if (room) join(null, room); // a new connection has joined nothing
  }));
  current.on('auth.expiring', mine(({ exp, in: seconds }) => {
    log('expiring', `token expires in ${seconds} s (at ${clock(new Date(exp * 1000))}); renewing in-band`);
  }));
  current.on('renewed', mine(({ exp }) => {
    expiresAt = exp;
    showExpiry();
    log('renewed', `re-authenticated in-band without reconnecting; token now expires at ${clock(new Date(exp * 1000))}`);
  }));
  current.on('chat.message', mine(showMessage));
  current.on('error', mine((err) => {
    const http = String(err.code).startsWith('http');
    log(http ? 'http' : 'error', `${err.code}: ${err.message}`);
    if (current.state === 'closed') setStatus('error', err.message);
  }));
  current.on('close', mine(({ code, reason, reconnecting }) => {
    if (code !== null) {
      const meaning = CLOSE_MEANINGS[code] ? ` (${CLOSE_MEANINGS[code]})` : '';
      log('close', `closed ${code}${meaning}: ${reason || 'no reason given'}`
        + (reconnecting ? '; reconnecting once with a fresh token' : ''));
    }
    if (reconnecting) {
      setStatus('reconnecting', `Closed ${code}: ${reason || 'no reason'}; reconnecting with a fresh token...`);
    } else if ($('status').dataset.state !== 'error') {
      setStatus('closed', code === null ? `Not connected: ${reason}.` : `Closed ${code}: ${reason || 'no reason given'}.`);
    }
  }));
}

function showMessage({ room: to, from, text, ts }) {
  const item = document.createElement('li');
  item.dataset.from = from;
  const who = document.createElement('span');
  who.className = 'from';
  who.textContent = from;
  const body = document.createElement('span');
  body.className = 'text';
  body.textContent = text;
  const when = document.createElement('time');
  when.textContent = `${clock(new Date(ts))} #${to}`;
  item.append(who, body, when);
  $('messages').append(item);
  $('messages').scrollTop = $('messages').scrollHeight;
}

async function call(type, payload, describe) {
  if (!client || client.state !== 'open') {
    log('error', `${type} not sent: not connected`);
    return null;
  }
  try {
    const result = await client.request(type, payload);
    if (describe) log('info', describe(result));
    return result;
  } catch (err) {
    log('refused', `${type} refused: ${err.code}: ${err.message}`);
    return null;
  }
}

async function join(event, name = $('room').value.trim()) {
  if (event) event.preventDefault();
  const result = await call('chat.join', { room: name }, (r) => `joined room #${r.room}`);
  if (result) {
    room = result.room;
    $('joined').textContent = `In room #${room}.`;
  }
}

async function send(event) {
  event.preventDefault();
  const text = $('text').value;
  const to = room || $('room').value.trim();
  // Without joining, the sender gets no copy of its own message: say where it went instead.
  const describe = room ? null : (r) => `sent to #${to}, delivered to ${r.delivered} session(s); join #${to} to see its messages`;
  const result = await call('chat.send', { room: to, text }, describe);
  if (result) $('text').value = '';
}

function moderate(type, verb) {
  const sub = $('subject').value.trim();
  call(type, { sub }, (r) => `${verb} ${sub}: ${r.closed} session(s) closed`);
}

$('connect-form').addEventListener('submit', start);
$('disconnect').addEventListener('click', () => client && client.close());
$('join-form').addEventListener('submit', join);
$('send-form').addEventListener('submit', send);
$('kick').addEventListener('click', () => moderate('chat.kick', 'kicked'));
$('revoke').addEventListener('click', () => moderate('session.revoke', 'revoked'));
for (const preset of document.querySelectorAll('.preset')) {
  preset.addEventListener('click', () => { $('ttl').value = preset.dataset.ttl; });
}
setInterval(showExpiry, 1000);
setStatus('disconnected', 'Not connected. Pick an identity and press Connect.');

/**
 * wsjwt-client.js: a small browser client for a wsjwt endpoint. An ES module; no build step,
 * no dependencies.
 *
 *   import { connect } from './wsjwt-client.js';
 *   const client = connect({ url: 'wss://example.org/ws/chat', getToken: async () => token });
 *   client.on('open', ({ sub, permissions, exp }) => client.request('chat.join', { room: 'lobby' }));
 *   client.on('chat.message', ({ room, from, text, ts }) => show(from, text));
 *   client.on('close', ({ code, reason, reconnecting }) => status(code, reason));
 *   client.on('error', (err) => status(err.code, err.message));
 *   await client.request('chat.send', { room: 'lobby', text: 'hi' });
 *
 * connect(options) returns a client at once and opens the connection in the background.
 *   url         the endpoint, ws: or wss:
 *   getToken    () => token or Promise<token>; called for every connection and every renewal,
 *               so hand it your SPA library's "get a fresh access token" call
 *   transport   'subprotocol' (default): offers ['wsjwt', 'bearer.' + token];
 *               'query': appends ?access_token=<token> (ends up in proxy logs: prefer the others);
 *               'message': opens without a token, then sends {"type":"auth","payload":{"token"}};
 *               'ticket': POSTs the token (Authorization: Bearer) to ticketUrl for a one-time
 *               ticket, then opens url?ticket=<ticket>: the token is never in a URL (the server
 *               needs the 'ticket' transport on). Renewals go in-band ('auth'); a reconnect
 *               fetches a new ticket
 *   ticketUrl   where tickets come from (default: <url's origin>/wsjwt/ticket, as http(s):);
 *               in a container, pass it with the context root: https://host/app/wsjwt/ticket
 *   reconnectDelay  base delay in ms before the one reconnect after a 4401 (default 1000, plus
 *               up to as much again at random; at least 1 s, so a token minted after a
 *               revocation is issued in a later second than the revocation)
 *   timeout     ms to wait for a reply before a request fails with code 'timeout' (default 10000)
 *
 * client.request(type, payload) -> Promise of the result payload. It rejects with an Error
 *   whose .code and .message are the server's error (bad_request, forbidden, ...), or one of
 *   'not_connected', 'closed', 'timeout' from the client itself.
 * client.on(type, listener) -> a function that removes the listener. Types:
 *   server pushes by their type ('chat.message', 'auth.expiring', ...), with the payload;
 *   'open'     the connection is authenticated: the whoami result {sub, permissions, groups, exp};
 *   'renewed'  an in-band re-authentication succeeded: {exp};
 *   'close'    {code, reason, reconnecting}: code is null when no socket was opened (getToken failed);
 *   'error'    an Error with .code and .message: a failed renewal, a failed (re)connection, or
 *              an error frame that answers no request.
 * client.close() closes for good. client.state is 'connecting', 'open' or 'closed'.
 *
 * Lifetime: on 'auth.expiring' the client calls getToken() and re-authenticates in-band with
 * 'auth'. On close 4401 (expired, revoked) of an authenticated connection it reconnects once
 * with a fresh token; if that connection is refused or closed before it is authenticated, it
 * reports an 'error' and stays closed. Any other close (4403 kicked, 4408, 1006, ...) is final.
 * A new connection has joined nothing: re-join rooms on 'open'.
 */

const SUBPROTOCOL = 'wsjwt';

export function connect({ url, getToken, transport = 'subprotocol', ticketUrl, reconnectDelay = 1000, timeout = 10000 }) {
  if (!['subprotocol', 'query', 'message', 'ticket'].includes(transport)) {
    throw new Error(`unknown transport '${transport}' (use subprotocol, query, message or ticket)`);
  }
  const ticketEndpoint = ticketUrl || defaultTicketUrl(url);
  const listeners = new Map();
  const pending = new Map();
  let socket = null;
  let nextId = 1;
  let ready = false;        // the current socket is authenticated
  let retrying = false;     // the current socket is the one reconnect after a 4401
  let opening = false;      // waiting for getToken() before a socket exists
  let closedByUser = false;
  let reconnectTimer = null;

  const client = {
    state: 'connecting',
    on(type, listener) {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type).add(listener);
      return () => listeners.get(type).delete(listener);
    },
    request(type, payload = {}) {
      if (!socket || socket.readyState !== WebSocket.OPEN || (!ready && type !== 'auth' && type !== 'whoami')) {
        return Promise.reject(failure('not_connected', 'not connected'));
      }
      const id = String(nextId++);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(failure('timeout', `no reply to '${type}' within ${timeout} ms`));
        }, timeout);
        pending.set(id, { resolve, reject, timer });
        socket.send(JSON.stringify({ type, id, payload }));
      });
    },
    close() {
      if (closedByUser) return;
      closedByUser = true;
      clearTimeout(reconnectTimer);
      if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000, 'client closed');
      else if (!opening) finish(null, 'client closed');
    },
  };

  function emit(type, value) {
    for (const listener of [...(listeners.get(type) || [])]) {
      try {
        listener(value);
      } catch (e) {
        console.error(`wsjwt-client: a '${type}' listener failed`, e);
      }
    }
  }

  function failure(code, message) {
    return Object.assign(new Error(message), { code });
  }

  function finish(code, reason) {
    client.state = 'closed';
    emit('close', { code, reason, reconnecting: false });
  }

  async function open() {
    client.state = 'connecting';
    opening = true;
    let token;
    try {
      token = await getToken();
    } catch (e) {
      client.state = 'closed';
      emit('error', failure(e.code || 'token_unavailable', `cannot get a token: ${e.message}`));
      finish(null, 'no token');
      return;
    } finally {
      opening = false;
    }
    if (closedByUser) return finish(null, 'client closed');
    let target = transport === 'query'
      ? `${url}${url.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`
      : url;
    if (transport === 'ticket') {
      try {
        const ticket = await fetchTicket(token);
        target = `${url}${url.includes('?') ? '&' : '?'}ticket=${encodeURIComponent(ticket)}`;
      } catch (e) {
        client.state = 'closed';
        emit('error', failure(e.code || 'ticket_refused', `cannot get a ticket: ${e.message}`));
        finish(null, 'no ticket');
        return;
      }
      if (closedByUser) return finish(null, 'client closed');
    }
    const ws = transport === 'subprotocol'
      ? new WebSocket(target, [SUBPROTOCOL, `bearer.${token}`])
      : new WebSocket(target);
    socket = ws;
    ws.onopen = () => authenticate(ws, token);
    ws.onmessage = (event) => receive(event.data);
    ws.onclose = (event) => closed(ws, event.code, event.reason);
  }

  /** A one-time connection ticket for the token: the token travels in a header, never in a URL. */
  async function fetchTicket(token) {
    const response = await fetch(ticketEndpoint, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      credentials: 'omit',
      cache: 'no-store',
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok || typeof body.ticket !== 'string') {
      const why = response.status === 404
        ? `no ticket endpoint at ${ticketEndpoint} (the server needs 'ticket' in wsjwt.token.transports)`
        : body.error_description || `HTTP ${response.status}`;
      throw failure('ticket_refused', why);
    }
    return body.ticket;
  }

  async function authenticate(ws, token) {
    try {
      if (transport === 'message') await client.request('auth', { token });
      const me = await client.request('whoami');
      if (socket !== ws) return;
      ready = true;
      retrying = false;
      client.state = 'open';
      emit('open', me);
    } catch (e) {
      // A refused token closes the socket (4401); closed() reports it.
      if (e.code !== 'closed') emit('error', e);
    }
  }

  function receive(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch (e) {
      emit('error', failure('bad_frame', 'the server sent a frame that is not JSON'));
      return;
    }
    const waiting = message.id != null && pending.get(message.id);
    if (waiting && (message.type === 'result' || message.type === 'error')) {
      pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.type === 'result') waiting.resolve(message.payload);
      else waiting.reject(failure(message.error.code, message.error.message));
      return;
    }
    if (message.type === 'error') {
      emit('error', failure(message.error.code, message.error.message));
      return;
    }
    // Not only when ready: on a slow first whoami the warning can arrive before its result.
    if (message.type === 'auth.expiring') renew();
    emit(message.type, message.payload);
  }

  async function renew() {
    try {
      const token = await getToken();
      const result = await client.request('auth', { token });
      emit('renewed', result);
    } catch (e) {
      // Without a renewal the server closes the session with 4401 at expiry.
      emit('error', failure(e.code || 'renewal_failed', `renewal failed: ${e.message}`));
    }
  }

  function closed(ws, code, reason) {
    if (socket !== ws) return;
    const wasReady = ready;
    ready = false;
    for (const [id, waiting] of pending) {
      clearTimeout(waiting.timer);
      waiting.reject(failure('closed', `connection closed (${code}${reason ? ': ' + reason : ''})`));
      pending.delete(id);
    }
    const reconnect = !closedByUser && code === 4401 && wasReady && !retrying;
    if (!reconnect) client.state = 'closed';
    emit('close', { code, reason, reconnecting: reconnect });
    if (reconnect) {
      retrying = true;
      client.state = 'connecting';
      const delay = Math.max(1000, reconnectDelay) * (1 + Math.random());
      reconnectTimer = setTimeout(open, delay);
    } else if (!closedByUser && !wasReady) {
      const what = retrying ? 'the reconnect with a fresh token failed' : 'the connection was refused';
      emit('error', failure(retrying ? 'reconnect_failed' : 'connect_failed',
        `${what} (close ${code}${reason ? ': ' + reason : ', no reason: a browser sees no HTTP status'})`));
    }
  }

  open();
  return client;
}

/** ws(s)://host/... -> http(s)://host/wsjwt/ticket */
function defaultTicketUrl(url) {
  const ticket = new URL('/wsjwt/ticket', url);
  ticket.protocol = ticket.protocol === 'wss:' ? 'https:' : 'http:';
  return ticket.href;
}

// The Node peer: ws + jose, verifying the same RS256 tokens at the upgrade (issuer, audience,
// algorithm allow-list, exp/nbf, required sub; key from the same JWKS file, held in memory), then
// answering whoami with the same reply shape as wsjwt's dispatcher, after the same checks
// (envelope, authenticated, expiry). Usage: node server.mjs <jwks.json> <issuer> <audience>
// Prints "node listening: ws://127.0.0.1:<port>/ws/chat".
import http from 'node:http';
import fs from 'node:fs';
import { WebSocketServer } from 'ws';
import { createLocalJWKSet, jwtVerify } from 'jose';

const [jwksFile, issuer, audience] = process.argv.slice(2);
const keys = createLocalJWKSet(JSON.parse(fs.readFileSync(jwksFile, 'utf8')));
const options = { issuer, audience, algorithms: ['RS256'], clockTolerance: 30, requiredClaims: ['exp', 'sub'] };

const server = http.createServer((req, res) => { res.writeHead(404).end(); });
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 65536 });

function refuse(socket, reason) {
  socket.end('HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer error="invalid_token", error_description="'
    + reason + '"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
}

server.on('upgrade', async (req, socket, head) => {
  const header = req.headers.authorization;
  if (!header || !header.startsWith('Bearer ')) return refuse(socket, 'missing token');
  let payload;
  try {
    ({ payload } = await jwtVerify(header.slice(7), keys, options));
  } catch (e) {
    return refuse(socket, e.code || 'invalid token');
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    const principal = { sub: payload.sub, exp: payload.exp,
      permissions: [...(payload.permissions || [])].sort(), groups: [...(payload.groups || [])].sort() };
    ws.on('message', (data, isBinary) => onMessage(ws, principal, data, isBinary));
  });
});

function onMessage(ws, principal, data, isBinary) {
  if (isBinary) return;
  let msg;
  try { msg = JSON.parse(data.toString()); } catch { return ws.send('{"type":"error","error":{"code":"bad_request","message":"not valid JSON"}}'); }
  if (msg === null || typeof msg !== 'object' || typeof msg.type !== 'string') {
    return ws.send('{"type":"error","error":{"code":"bad_request","message":"type is required"}}');
  }
  if (Date.now() / 1000 > principal.exp + 30) return ws.close(4401, 'token expired');
  const id = typeof msg.id === 'string' ? msg.id : undefined;
  if (msg.type === 'whoami') {
    ws.send(JSON.stringify({ type: 'result', id, payload: principal }));
  } else {
    ws.send(JSON.stringify({ type: 'error', id, error: { code: 'unknown_type', message: 'unknown message type' } }));
  }
}

server.listen(0, '127.0.0.1', () => {
  console.log(`node listening: ws://127.0.0.1:${server.address().port}/ws/chat`);
});

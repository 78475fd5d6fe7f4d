// The front door's limits (issue 14), with the real nginx config in front of the real backend jar
// (simulated market, no database): per client address nginx allows a number of WebSockets and a rate
// of API requests and answers 429 with a problem body beyond them; beyond its WS_MAX_CLIENTS the
// backend closes a new client with 1013 while the connected ones keep receiving, and counts it in
// /metrics. Addresses are loopback ones (127.0.0.x), so each check starts from a fresh address.
// Prints "N passed, M failed" and exits non-zero on any failure.
import { readFileSync } from 'node:fs';
import {
  assert, Checks, Failure, freePort, openWebSocket, request, runScript, startBackend, startNginx, sleep, waitFor,
} from './harness.mjs';

const checks = new Checks();
let backend, nginx;
const sockets = [];

/** The limits the rendered nginx.conf sets (so the test follows the model, never a copy of its numbers). */
function limits(conf) {
  const num = (re, what) => {
    const m = re.exec(conf);
    if (!m) throw new Failure(`nginx.conf has no ${what}`);
    return Number(m[1]);
  };
  return {
    wsPerAddress: num(/limit_conn ws_per_address (\d+);/, 'limit_conn on the WebSocket location'),
    apiRate: num(/zone=api_per_address:\w+ rate=(\d+)r\/s;/, 'limit_req_zone rate'),
    apiBurst: num(/limit_req zone=api_per_address burst=(\d+) nodelay;/, 'limit_req burst'),
  };
}

function problem(refused, what) {
  assert(refused.status === 429, `${what}: status ${refused.status}, expected 429`);
  assert(refused.headers['content-type'] === 'application/problem+json', `${what}: Content-Type ${refused.headers['content-type']}`);
  assert(refused.headers['retry-after'] === '1', `${what}: Retry-After ${refused.headers['retry-after']}`);
  assert((refused.headers['content-security-policy'] ?? '').includes("default-src 'self'"), `${what}: the 429 lost the security headers`);
  const body = JSON.parse(refused.body);
  assert(body.status === 429 && body.title === 'Too Many Requests' && /from your address/.test(body.detail) && 'parameter' in body,
    `${what}: body ${refused.body}`);
  return body;
}

async function main() {
  const backendPort = await freePort();
  const nginxPort = await freePort();
  nginx = await startNginx(nginxPort, backendPort);
  const { wsPerAddress, apiRate, apiBurst } = limits(readFileSync(nginx.confPath, 'utf8'));
  // Room for exactly one address's worth of sockets and two more: the limit per address is reached
  // first from one address, the backend's own maximum from a second one.
  const maxClients = wsPerAddress + 2;
  backend = await startBackend(backendPort, { WS_MAX_CLIENTS: String(maxClients) });
  console.log(`limits: nginx :${nginxPort} -> backend :${backendPort}; ${wsPerAddress} WebSockets and ${apiRate} r/s (burst ${apiBurst}) per address, backend WS_MAX_CLIENTS ${maxClients}`);

  await checks.run(`one address gets ${wsPerAddress} WebSockets, the next one a 429 problem`, async () => {
    for (let i = 0; i < wsPerAddress; i++) {
      const r = await openWebSocket(nginxPort, '/ws/market', { localAddress: '127.0.0.2' });
      assert(r.ws, `socket ${i + 1} of ${wsPerAddress} refused: ${r.refused?.status} ${r.refused?.body}`);
      sockets.push(r.ws);
    }
    const over = await openWebSocket(nginxPort, '/ws/market', { localAddress: '127.0.0.2' });
    assert(over.refused, `socket ${wsPerAddress + 1} from one address was accepted`);
    console.log(`       ${problem(over.refused, `WebSocket ${wsPerAddress + 1}`).detail}`);
    const other = await openWebSocket(nginxPort, '/ws/market', { localAddress: '127.0.0.3' });
    assert(other.ws, `another address was refused too: ${other.refused?.status}`);
    sockets.push(other.ws);
  });

  await checks.run('beyond WS_MAX_CLIENTS the backend closes a new client with 1013, the others keep receiving', async () => {
    const last = await openWebSocket(nginxPort, '/ws/market', { localAddress: '127.0.0.3' });
    assert(last.ws, `client ${maxClients} refused: ${last.refused?.status}`);
    sockets.push(last.ws);
    await waitFor(`a snapshot on all ${maxClients} clients`, () => sockets.every((s) => s.messages.some((m) => m.type === 'snapshot')), 20_000);
    const full = await openWebSocket(nginxPort, '/ws/market', { localAddress: '127.0.0.4' });
    assert(full.ws, `client ${maxClients + 1} got HTTP ${full.refused?.status} instead of a WebSocket close`);
    const closed = await Promise.race([full.ws.closed, sleep(5000).then(() => null)]);
    assert(closed && closed.code === 1013, `client ${maxClients + 1}: ${JSON.stringify(closed)}, expected close code 1013`);
    assert(full.ws.messages.length === 0, `the refused client got ${full.ws.messages.length} messages`);
    console.log(`       close ${closed.code} '${closed.reason}'`);
    const counts = sockets.map((s) => s.messages.length);
    await waitFor('an update on every connected client after the refusal', () => sockets.every((s, i) => s.messages.length > counts[i]
      && s.messages.at(-1).type === 'update'), 15_000);
    const metrics = (await request(`http://127.0.0.1:${backendPort}/metrics`)).body.toString();
    const refused = /^tracker_ws_refused_total(?:\{[^}]*\})? (\S+)$/m.exec(metrics);
    assert(refused && Number(refused[1]) === 1, `/metrics tracker_ws_refused_total: ${refused?.[0]}`);
  });

  await checks.run(`one address gets ${apiBurst} API requests at once, then 429 problems`, async () => {
    const n = apiBurst + 40;
    const replies = await Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => {
      import('node:http').then(({ default: http }) => {
        http.get({ host: '127.0.0.1', port: nginxPort, path: '/api/symbols', localAddress: '127.0.0.5', agent: false }, (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
        }).on('error', reject);
      });
    })));
    const ok = replies.filter((r) => r.status === 200).length;
    const limited = replies.filter((r) => r.status === 429);
    // the burst, plus what the rate refills while the requests arrive
    assert(ok >= apiBurst && ok <= apiBurst + apiRate, `${ok} of ${n} simultaneous requests answered 200`);
    assert(ok + limited.length === n, `statuses other than 200 and 429: ${replies.map((r) => r.status).filter((s) => s !== 200 && s !== 429)}`);
    console.log(`       ${ok} x 200, ${limited.length} x 429: ${problem(limited[0], 'API request over the rate').detail}`);
    await sleep(1500);
    const again = await request(`http://127.0.0.1:${nginxPort}/api/symbols`);
    assert(again.status === 200, `a request 1.5 s later: ${again.status}`);
  });
}

await runScript('limits', checks, main, async () => {
  sockets.forEach((s) => s.close());
  await nginx?.stop().catch(() => {});
  await backend?.stop().catch(() => {});
});

// A stand-in for the backend's WebSocket feed, for the frame-time benchmark: it speaks the
// backend's message format (backend/API.md) over a real WebSocket, so the browser runs its normal
// client path through nginx, and it sends exactly the configured rate, which the simulated market
// cannot promise. Only what the board needs: /api/symbols, /health and the four /ws/ channels (alerts: none).
import { createHash } from 'node:crypto';
import http from 'node:http';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(text) {
  const payload = Buffer.from(text);
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x81, n])
    : n < 65536 ? Buffer.from([0x81, 126, n >> 8, n & 255])
    : Buffer.concat([Buffer.from([0x81, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; })()]);
  return Buffer.concat([head, payload]);
}

export function startFeedServer({ symbols, stock }) {
  const clients = new Set();
  const server = http.createServer((req, res) => {
    const body = req.url.startsWith('/api/symbols') ? { vn30: symbols, indices: [], futures: null, symbols: [] }
      : req.url.startsWith('/health') ? { status: 'ok' } : null;
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body ?? { status: 404 }));
  });
  server.on('upgrade', (req, socket) => {
    const key = req.headers['sec-websocket-key'];
    const channel = (req.url.split('/ws/')[1] ?? '').split('?')[0];
    if (!key || !['market', 'index', 'foreign', 'alerts'].includes(channel)) {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(key + WS_GUID).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.setNoDelay(true);
    const client = { socket, channel };
    clients.add(client);
    socket.on('close', () => clients.delete(client));
    socket.on('error', () => clients.delete(client));
    socket.on('data', () => {}); // the board sends nothing we need to answer
    const data = channel === 'market' ? { stocks: symbols.map((s, i) => stock(s, i, 0)), futures: null }
      : channel === 'index' ? { indices: [], futures: null } : channel === 'alerts' ? { alerts: [] } : { foreign: [] };
    socket.write(frame(JSON.stringify({ type: 'snapshot', channel, ts: Date.now(), symbols: null, data })));
  });
  const send = (channel, msg) => {
    const f = frame(JSON.stringify(msg));
    for (const c of clients) if (c.channel === channel) c.socket.write(f);
  };
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: server.address().port,
    /** Sends one market update with these stocks to every market client. */
    update(stocks) { send('market', { type: 'update', channel: 'market', ts: Date.now(), data: { stocks, futures: null } }); },
    heartbeat() { for (const ch of ['market', 'index', 'foreign', 'alerts']) send(ch, { type: 'heartbeat', channel: ch, ts: Date.now() }); },
    close() {
      for (const c of clients) c.socket.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  })));
}

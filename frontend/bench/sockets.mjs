// The server's side of a page's sockets: for each channel, 15 connections one after another, time to
// open and to the first message (the snapshot), straight to the backend jar and through the project's
// nginx (simulated market, SIM_SCENARIO=signals, no database). The baseline for the socket times that
// bench/pages.mjs measures inside Chromium. Usage: node --experimental-websocket bench/sockets.mjs
import { freePort, sleep, startBackend, startNginx } from '../browser-test/harness.mjs';
const bp = await freePort(); const np = await freePort();
const backend = await startBackend(bp, { SIM_SCENARIO: 'signals', ALERT_FOREIGN_WINDOW_SECONDS: '10' });
const nginx = await startNginx(np, bp);
await sleep(Number(process.env.WARM ?? 20000));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
function one(url) {
  return new Promise((res, rej) => {
    const t0 = performance.now(); const ws = new WebSocket(url); let open;
    ws.onopen = () => { open = performance.now() - t0; };
    ws.onmessage = (m) => { const first = performance.now() - t0; ws.close(); res({ open, first, bytes: String(m.data).length }); };
    ws.onerror = (e) => rej(e);
  });
}
try {
  for (const [name, port] of [['direct', bp], ['nginx', np]]) {
    for (const ch of ['market', 'index', 'foreign', 'alerts']) {
      const o = [], f = []; let bytes = 0;
      for (let i = 0; i < 15; i++) { const r = await one(`ws://127.0.0.1:${port}/ws/${ch}`); o.push(r.open); f.push(r.first); bytes = r.bytes; }
      console.log(`${name} /ws/${ch}: open median ${median(o).toFixed(1)} ms (max ${Math.max(...o).toFixed(1)}), first message ${median(f).toFixed(1)} ms (max ${Math.max(...f).toFixed(1)}), ${bytes} bytes`);
    }
  }
} finally { await nginx.stop(); await backend.stop(); }

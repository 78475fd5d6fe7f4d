// Time from navigation to each new page populated (target < 1 s on loopback), against the same
// page's DOMContentLoaded in the same run. Real backend jar (simulated market, SIM_SCENARIO=signals,
// no database: live state and the server's in-memory day series), Debian's nginx with the project's
// nginx.conf, headless Chromium. Writes ../bench/frontend/pages.{json,md}.
// Usage: npm run build && node bench/pages.mjs   (BENCH_RUNS=9 by default)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, freePort, launchChromium, requirePrerequisites, ROOT, sleep, startBackend, startNginx } from '../browser-test/harness.mjs';

const OUT = path.join(ROOT, 'bench', 'frontend');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
/** BENCH_PAGES=/,/foreign measures only those and records nothing (a look at one page, not a result). */
const ONLY = process.env.BENCH_PAGES ? process.env.BENCH_PAGES.split(',') : null;
/** path, and the condition (evaluated in the page) that says it is populated */
const PAGES = [
  ['/signals', "document.querySelectorAll('.alert-feed li.alert').length > 0"],
  ['/volume', "document.querySelectorAll('table.volume tbody tr').length === 30 && !!document.querySelector('.session-chart rect')"],
  ['/foreign', "document.querySelector('.foreign-page')?.dataset.ready === '1' && document.querySelectorAll('table.foreign tbody tr').length === 30 && document.querySelectorAll('.heatmap .tile').length === 30"],
  ['/basis', "document.querySelector('.basis-page')?.dataset.ready === '1' && Number(document.querySelector('.basis-chart')?.dataset.points) > 0 && !!document.querySelector('.basis-chart canvas') && document.querySelectorAll('table.contracts tbody tr').length > 0"],
  ['/', "[...document.querySelectorAll('table.board tbody td[data-key=\"last\"]')].filter((c) => c.textContent).length === 30"],
];
/**
 * Where the time goes (measured in the page, ms since navigation start): every WebSocket's creation,
 * open and first message, by path (the app's sockets, wrapped before it runs).
 */
const TRACE_SOCKETS = `(() => {
  const lt = window.__lt = [];
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) lt.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true }); } catch {}
  const W = window.WebSocket; const t = window.__ws = {};
  window.WebSocket = class extends W {
    constructor(u, p) {
      super(u, p);
      const k = new URL(u, location.href).pathname; const r = t[k] ??= { created: performance.now() };
      this.addEventListener('open', () => { r.open ??= performance.now(); });
      this.addEventListener('message', () => { r.first ??= performance.now(); });
    }
  };
})()`;
/** The split of one load: HTML, the app's scripts, DOMContentLoaded, each REST request and socket, populated. */
const SPLIT = () => {
  const nav = performance.getEntriesByType('navigation')[0];
  const r = (x) => Math.round(x);
  const out = { html: r(nav.responseEnd), dcl: r(nav.domContentLoadedEventEnd), populated: r(window.__readyAt) };
  for (const e of performance.getEntriesByType('resource')) {
    const u = new URL(e.name);
    const k = u.pathname.startsWith('/assets/') ? u.pathname.replace(/-[\w-]+\.(js|css)$/, '.$1') : u.pathname;
    if (out['get ' + k] === undefined) out['get ' + k] = `${r(e.startTime)}-${r(e.responseEnd)}`;
  }
  const before = (window.__lt ?? []).filter(([s]) => s < window.__readyAt);
  out.longTasks = before.length;
  out.longTaskMs = r(before.reduce((a, [, d]) => a + d, 0));
  for (const [k, w] of Object.entries(window.__ws ?? {})) out['ws ' + k] = `${r(w.created)}/${r(w.open ?? -1)}/${r(w.first ?? -1)}`;
  return out;
};
/** The built app as the browser gets it: every file under dist/assets, gzip -9, in KB. */
function bundle() {
  const dir = path.join(DIST, 'assets');
  const files = readdirSync(dir).filter((f) => /\.(js|css)$/.test(f)).map((f) => ({ f, kb: gzipSync(readFileSync(path.join(dir, f)), { level: 9 }).length / 1024 }));
  return { files: files.map((x) => ({ file: x.f, gzipKB: Math.round(x.kb * 10) / 10 })), totalKB: Math.round(files.reduce((a, x) => a + x.kb, 0) * 10) / 10, budgetKB: 250 };
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const round = (x) => Math.round(x * 10) / 10;
/** Per key of the loads' splits, the median (of each number of an 'a-b' or 'a/b/c' value). */
function medianSplit(splits) {
  const keys = [...new Set(splits.flatMap((s) => Object.keys(s)))];
  const out = {};
  for (const k of keys) {
    const vals = splits.map((s) => s[k]).filter((v) => v !== undefined);
    if (typeof vals[0] === 'number') { out[k] = Math.round(median(vals)); continue; }
    const sep = String(vals[0]).includes('/') ? '/' : '-';
    const parts = vals.map((v) => String(v).split(sep).map(Number));
    out[k] = parts[0].map((_, i) => Math.round(median(parts.map((p) => p[i])))).join(sep);
  }
  return out;
}

requirePrerequisites();
const load = os.loadavg().map((x) => x.toFixed(2)).join(' / ');
const bp = await freePort();
const np = await freePort();
const backend = await startBackend(bp, { SIM_SCENARIO: 'signals', ALERT_FOREIGN_WINDOW_SECONDS: '10' });
const nginx = await startNginx(np, bp);
const browser = await launchChromium();
const base = `http://127.0.0.1:${np}`;
await sleep(20_000); // let alerts fire and the day series start
const results = [];
try {
  for (const [p, cond] of PAGES.filter(([p]) => !ONLY || ONLY.includes(p))) {
    const ready = [], dcl = [], splits = [];
    for (let i = 0; i < RUNS; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      await page.addInitScript(`(() => { const t = setInterval(() => { try { if (${cond}) { window.__readyAt = performance.now(); clearInterval(t); } } catch {} }, 5); })()`);
      await page.addInitScript(TRACE_SOCKETS);
      await page.goto(base + p, { waitUntil: 'domcontentloaded' });
      await page.waitForFunction(() => window.__readyAt !== undefined, null, { timeout: 30_000 });
      ready.push(await page.evaluate(() => window.__readyAt));
      dcl.push(await page.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd));
      splits.push(await page.evaluate(SPLIT));
      await ctx.close();
    }
    results.push({ page: p, split: medianSplit(splits), medianMs: round(median(ready)), maxMs: round(Math.max(...ready)), domContentLoadedMedianMs: round(median(dcl)), runs: RUNS, meetsTarget: median(ready) < 1000 });
    console.log(`${p}: populated median ${round(median(ready))} ms (max ${round(Math.max(...ready))}), DOMContentLoaded ${round(median(dcl))} ms`);
    console.log(`  split (medians, ms from navigation start; get: start-end, ws: created/open/first message): ${JSON.stringify(results.at(-1).split)}`);
  }
} finally {
  await browser.close();
  await nginx.stop();
  await backend.stop();
}
if (ONLY) process.exit(0);
mkdirSync(OUT, { recursive: true });
const when = new Date().toISOString();
const b = bundle();
writeFileSync(path.join(OUT, 'pages.json'), JSON.stringify({ when, load, cpus: os.cpus().length, results, bundle: b }, null, 2) + '\n');
writeFileSync(path.join(OUT, 'pages.md'), `# Navigation to each page populated

Recorded by \`frontend/bench/pages.mjs\` on ${when} (${os.cpus().length} CPUs, load average ${load} at the start): backend jar
(simulated, \`SIM_SCENARIO=signals\`, no database), Debian's nginx with the project's nginx.conf, headless Chromium, loopback.
Time from navigation start to the page holding its data (performance.now() in the page), ${RUNS} fresh browser contexts per page;
baseline: DOMContentLoaded of the same loads.

| page | populated (median) | max | DOMContentLoaded (median) | target < 1000 ms |
|---|---|---|---|---|
${results.map((r) => `| \`${r.page}\` | ${r.medianMs} ms | ${r.maxMs} ms | ${r.domContentLoadedMedianMs} ms | ${r.meetsTarget ? 'yes' : 'no'} |`).join('\n')}

Where the time goes (medians of the same loads, ms from navigation start; \`get\`: request start-end, \`ws\`: socket
created / open / first message; long tasks: count and total before the page was populated):

${results.map((r) => `- \`${r.page}\`: ${Object.entries(r.split).map(([k, v]) => `${k} ${v}`).join(', ')}`).join('\n')}

\`/\` (the board) is the same-run reference for the other pages. The symbol page is not measured here: without a database its
history requests are answered (503) only after the connection pool's 2 s timeout, which would be measured instead of the page.

Bundle of the same build (every file in \`dist/assets\`, gzip -9): ${b.files.map((x) => `\`${x.file}\` ${x.gzipKB} KB`).join(' + ')}
= **${b.totalKB} KB** in all (budget ${b.budgetKB} KB).
`);

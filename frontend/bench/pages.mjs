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
/** path, and the condition (evaluated in the page) that says it is populated */
const PAGES = [
  ['/signals', "document.querySelectorAll('.alert-feed li.alert').length > 0"],
  ['/volume', "document.querySelectorAll('table.volume tbody tr').length === 30 && !!document.querySelector('.session-chart rect')"],
  ['/foreign', "document.querySelector('.foreign-page')?.dataset.ready === '1' && document.querySelectorAll('table.foreign tbody tr').length === 30 && document.querySelectorAll('.heatmap .tile').length === 30"],
  ['/basis', "document.querySelector('.basis-page')?.dataset.ready === '1' && Number(document.querySelector('.basis-chart')?.dataset.points) > 0 && !!document.querySelector('.basis-chart canvas') && document.querySelectorAll('table.contracts tbody tr').length > 0"],
  ['/', "[...document.querySelectorAll('table.board tbody td[data-key=\"last\"]')].filter((c) => c.textContent).length === 30"],
];
/** The built app as the browser gets it: every file under dist/assets, gzip -9, in KB. */
function bundle() {
  const dir = path.join(DIST, 'assets');
  const files = readdirSync(dir).filter((f) => /\.(js|css)$/.test(f)).map((f) => ({ f, kb: gzipSync(readFileSync(path.join(dir, f)), { level: 9 }).length / 1024 }));
  return { files: files.map((x) => ({ file: x.f, gzipKB: Math.round(x.kb * 10) / 10 })), totalKB: Math.round(files.reduce((a, x) => a + x.kb, 0) * 10) / 10, budgetKB: 250 };
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const round = (x) => Math.round(x * 10) / 10;

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
  for (const [p, cond] of PAGES) {
    const ready = [], dcl = [];
    for (let i = 0; i < RUNS; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      await page.addInitScript(`(() => { const t = setInterval(() => { try { if (${cond}) { window.__readyAt = performance.now(); clearInterval(t); } } catch {} }, 5); })()`);
      await page.goto(base + p, { waitUntil: 'domcontentloaded' });
      await page.waitForFunction(() => window.__readyAt !== undefined, null, { timeout: 30_000 });
      ready.push(await page.evaluate(() => window.__readyAt));
      dcl.push(await page.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd));
      await ctx.close();
    }
    results.push({ page: p, medianMs: round(median(ready)), maxMs: round(Math.max(...ready)), domContentLoadedMedianMs: round(median(dcl)), runs: RUNS, meetsTarget: median(ready) < 1000 });
    console.log(`${p}: populated median ${round(median(ready))} ms (max ${round(Math.max(...ready))}), DOMContentLoaded ${round(median(dcl))} ms`);
  }
} finally {
  await browser.close();
  await nginx.stop();
  await backend.stop();
}
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

\`/\` (the board) is the same-run reference for the other pages. The symbol page is not measured here: without a database its
history requests are answered (503) only after the connection pool's 2 s timeout, which would be measured instead of the page.

Bundle of the same build (every file in \`dist/assets\`, gzip -9): ${b.files.map((x) => `\`${x.file}\` ${x.gzipKB} KB`).join(' + ')}
= **${b.totalKB} KB** in all (budget ${b.budgetKB} KB).
`);

// Frontend benchmarks, recorded in bench/frontend/ (results.json + results.md):
//  1. JavaScript shipped to the browser, gzipped (target <= 250 KB), against the chart library alone.
//  2. Navigation to a fully populated board (30 rows with prices) through nginx and the real backend
//     on loopback (target < 1 s), against DOMContentLoaded of the same page in the same run.
//  3. Frame times and long tasks while all 30 rows update 5 times a second (target: no long task
//     over 50 ms), against the same page with no updates in the same run.
// Usage: npm run build && npm run bench   (needs Chromium, nginx and backend/target/backend.jar)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  DIST, FRONTEND, freePort, launchChromium, requirePrerequisites, ROOT, sleep, startBackend, startNginx, waitFor,
} from '../browser-test/harness.mjs';
import { startFeedServer } from './feedServer.mjs';

const OUT = path.join(ROOT, 'bench', 'frontend');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const FEED_SECONDS = Number(process.env.BENCH_FEED_SECONDS ?? 20);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const gz = (buf) => gzipSync(buf, { level: 9 }).length;

function bundleSize() {
  const assets = path.join(DIST, 'assets');
  const files = readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => {
    const buf = readFileSync(path.join(assets, f));
    return { file: f, bytes: buf.length, gzip: gz(buf) };
  });
  const lib = readFileSync(path.join(FRONTEND, 'node_modules', 'lightweight-charts', 'dist', 'lightweight-charts.production.mjs'));
  const total = files.reduce((a, f) => a + f.gzip, 0);
  return {
    files,
    totalGzipKB: round(total / 1024),
    baseline: { what: 'lightweight-charts production module alone, gzipped', gzipKB: round(gz(lib) / 1024) },
    ratioToBaseline: round(total / gz(lib), 2),
    targetKB: 250,
    meetsTarget: total / 1024 <= 250,
  };
}

const STOCK_SYMBOLS = ['ACB', 'BCM', 'BID', 'BVH', 'CTG', 'FPT', 'GAS', 'GVR', 'HDB', 'HPG', 'LPB', 'MBB', 'MSN', 'MWG', 'PLX',
  'SAB', 'SHB', 'SSB', 'SSI', 'STB', 'TCB', 'TPB', 'VCB', 'VHM', 'VIB', 'VIC', 'VJC', 'VNM', 'VPB', 'VRE'];

function stock(symbol, i, tick) {
  const ref = 20000 + i * 1000;
  const last = ref + (((tick + i) % 11) - 5) * 50;
  const lvl = (p, v) => ({ price: p, volume: v });
  return {
    symbol, exchange: 'HOSE', session: 'continuous', ts: Date.now(), ref,
    ceiling: Math.round(ref * 1.07 / 50) * 50, floor: Math.round(ref * 0.93 / 50) * 50,
    open: ref, high: ref + 300, low: ref - 300, last, change: last - ref, changePct: round(((last - ref) / ref) * 100, 2),
    totalVol: 100000 + tick * 100, totalVal: 0,
    bids: [lvl(last - 50, 1000 + tick), lvl(last - 100, 2000), lvl(last - 150, 3000)],
    asks: [lvl(last, 900 + tick), lvl(last + 50, 1900), lvl(last + 100, 2900)],
    activeBuyVol: 50000 + tick * 60, activeSellVol: 40000 + tick * 40, neutralVol: 0, lastSide: tick % 2 ? 'buy' : 'sell', lastVol: 100,
  };
}

/** Time from navigation to 30 priced rows, measured in the page against performance.timeOrigin. */
async function timeToBoard(browser, base) {
  const results = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const check = () => {
        const cells = document.querySelectorAll('table.board tbody td[data-key="last"]');
        let priced = 0;
        for (const c of cells) if (c.textContent) priced++;
        if (priced >= 30) window.__boardReadyAt = performance.now();
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
    await waitFor('a populated board', () => page.evaluate(() => window.__boardReadyAt), 15_000, 20);
    const r = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return { board: window.__boardReadyAt, dcl: nav.domContentLoadedEventEnd, ttfb: nav.responseStart };
    });
    results.push(r);
    await context.close();
  }
  const boards = results.map((r) => r.board);
  const dcls = results.map((r) => r.dcl);
  return {
    runs: RUNS,
    medianMs: round(median(boards)),
    maxMs: round(Math.max(...boards)),
    baseline: { what: 'DOMContentLoaded of the same page, same runs', medianMs: round(median(dcls)) },
    ratioToBaseline: round(median(boards) / median(dcls), 2),
    medianTtfbMs: round(median(results.map((r) => r.ttfb))),
    targetMs: 1000,
    meetsTarget: median(boards) < 1000,
  };
}

/** Frame intervals and long tasks over FEED_SECONDS, with or without a 5 Hz per-row feed. */
async function frameRun(browser, base, feed, withUpdates) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
  await waitFor('30 rows with prices', async () => (await page.$$eval('table.board tbody td[data-key="last"]',
    (tds) => tds.filter((td) => td.textContent).length)) === 30, 15_000);
  await waitFor('the page to be live', async () => (await page.getAttribute('.conn', 'data-state')) === 'live', 15_000);
  await sleep(1000);
  await page.evaluate(() => {
    window.__frames = [];
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: false });
    let last = performance.now();
    const loop = (t) => { window.__frames.push(t - last); last = t; requestAnimationFrame(loop); };
    requestAnimationFrame(loop);
  });
  // Chromium's own counters of main-thread time: less sensitive to other load than frame intervals.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const m0 = await metrics();
  const painted0 = await page.evaluate(() => window.__tracker.board.paintedCells);
  let sent = 0;
  let timer = null;
  if (withUpdates) {
    // 30 rows x 5 per second = 150 row updates/s, sent as 6 rows every 40 ms.
    let next = 0;
    let tick = 0;
    timer = setInterval(() => {
      const stocks = [];
      for (let k = 0; k < 6; k++) {
        const i = next++ % 30;
        if (i === 0) tick++;
        stocks.push(stock(STOCK_SYMBOLS[i], i, tick));
      }
      sent += stocks.length;
      feed.update(stocks);
    }, 40);
  }
  const heartbeat = setInterval(() => feed.heartbeat(), 5000);
  await sleep(FEED_SECONDS * 1000);
  clearInterval(timer);
  clearInterval(heartbeat);
  const m1 = await metrics();
  const perSecondMs = (k) => round(((m1[k] - m0[k]) * 1000) / FEED_SECONDS, 1);
  const r = await page.evaluate(() => ({
    frames: window.__frames.slice(1), longTasks: window.__longTasks,
    painted: window.__tracker.board.paintedCells, state: document.body.dataset.conn,
  }));
  await context.close();
  return {
    rowUpdatesSent: sent,
    rowUpdatesPerSecond: round(sent / FEED_SECONDS),
    flashedCells: r.painted - painted0,
    connState: r.state,
    frames: r.frames.length,
    frameMedianMs: round(median(r.frames), 2),
    frameP95Ms: round(pct(r.frames, 95), 2),
    frameP99Ms: round(pct(r.frames, 99), 2),
    frameMaxMs: round(Math.max(...r.frames), 2),
    longTasks: r.longTasks.length,
    longestTaskMs: r.longTasks.length ? round(Math.max(...r.longTasks)) : 0,
    mainThreadMsPerSecond: { task: perSecondMs('TaskDuration'), script: perSecondMs('ScriptDuration'),
      layout: perSecondMs('LayoutDuration'), style: perSecondMs('RecalcStyleDuration') },
  };
}

let loadAtStart = null;

async function main() {
  requirePrerequisites();
  loadAtStart = os.loadavg().map((x) => round(x, 2));
  const bundle = bundleSize();
  console.log(`bundle: ${bundle.totalGzipKB} KB gzipped JS (chart library alone ${bundle.baseline.gzipKB} KB)`);
  const backendPort = await freePort();
  const nginxPort = await freePort();
  const backend = await startBackend(backendPort);
  const nginx = await startNginx(nginxPort, backendPort);
  const browser = await launchChromium();
  const base = `http://127.0.0.1:${nginxPort}`;
  let load, idle, busy;
  try {
    await sleep(2000); // let the simulated market produce a first state
    load = await timeToBoard(browser, base);
    console.log(`board populated: median ${load.medianMs} ms (DOMContentLoaded ${load.baseline.medianMs} ms)`);
    // Frames: nginx in front of the stand-in feed, which sends exactly the configured rate.
    const feed = await startFeedServer({ symbols: STOCK_SYMBOLS, stock });
    const feedNginx = await startNginx(await freePort(), feed.port);
    try {
      const feedBase = `http://127.0.0.1:${feedNginx.port}`;
      idle = await frameRun(browser, feedBase, feed, false);
      busy = await frameRun(browser, feedBase, feed, true);
    } finally {
      await feedNginx.stop();
      await feed.close();
    }
    console.log(`frames idle p95 ${idle.frameP95Ms} ms; under 5 Hz x 30 rows p95 ${busy.frameP95Ms} ms, long tasks ${busy.longTasks} (longest ${busy.longestTaskMs} ms)`);
  } finally {
    await browser.close();
    await nginx.stop();
    await backend.stop();
  }
  const chromiumVersion = browser.version();
  const result = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${os.cpus().length} CPUs (${os.cpus()[0]?.model?.trim()}), ${round(os.totalmem() / 2 ** 30, 0)} GiB, ${os.platform()} ${os.release()}`,
    chromium: chromiumVersion,
    loadAverageAtStart: loadAtStart,
    node: process.version,
    bundle,
    timeToBoard: load,
    frames: {
      feed: '30 rows x 5 updates/s over a real WebSocket through nginx from bench/feedServer.mjs (6 rows every 40 ms)',
      seconds: FEED_SECONDS,
      baselineIdle: idle,
      withUpdates: busy,
      p95RatioToIdle: round(busy.frameP95Ms / idle.frameP95Ms, 2),
      targetLongTaskMs: 50,
      meetsTarget: busy.longTasks === 0,
    },
  };
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(path.join(OUT, 'results.md'), markdown(result));
  console.log(`wrote ${path.relative(ROOT, OUT)}/results.json and results.md`);
}

function markdown(r) {
  const b = r.bundle, l = r.timeToBoard, f = r.frames;
  return `# Frontend benchmarks

Recorded by \`frontend/bench/run.mjs\` (\`cd frontend && npm run build && npm run bench\`) on ${r.date}:
${r.machine} (load average ${r.loadAverageAtStart.join(' / ')} when it started); headless Chromium ${r.chromium};
Node ${r.node}. Loopback only: Debian's nginx with the
project's nginx.conf in front of the built app and the backend jar (simulated market).

| measure | result | baseline (same run) | ratio | target | met |
|---|---|---|---|---|---|
| JavaScript shipped, gzipped | ${b.totalGzipKB} KB | chart library alone: ${b.baseline.gzipKB} KB | ${b.ratioToBaseline} | <= ${b.targetKB} KB | ${b.meetsTarget ? 'yes' : 'no'} |
| navigation -> 30 priced rows (median of ${l.runs}) | ${l.medianMs} ms (max ${l.maxMs}) | DOMContentLoaded: ${l.baseline.medianMs} ms | ${l.ratioToBaseline} | < ${l.targetMs} ms | ${l.meetsTarget ? 'yes' : 'no'} |
| frame time p95 with 30 rows x 5/s | ${f.withUpdates.frameP95Ms} ms | idle page: ${f.baselineIdle.frameP95Ms} ms | ${f.p95RatioToIdle} | no long task > 50 ms | ${f.meetsTarget ? 'yes' : 'no'} (${f.withUpdates.longTasks} long tasks, longest ${f.withUpdates.longestTaskMs} ms) |

Bundle files: ${b.files.map((x) => `\`${x.file}\` ${round(x.gzip / 1024)} KB`).join(', ')}.

Frames over ${f.seconds} s (${f.feed}): ${f.withUpdates.rowUpdatesPerSecond} row updates/s sent, ${f.withUpdates.flashedCells}
cell flashes painted; frame interval median ${f.withUpdates.frameMedianMs} ms, p95 ${f.withUpdates.frameP95Ms} ms,
p99 ${f.withUpdates.frameP99Ms} ms, max ${f.withUpdates.frameMaxMs} ms (idle: median ${f.baselineIdle.frameMedianMs},
p99 ${f.baselineIdle.frameP99Ms}, max ${f.baselineIdle.frameMaxMs} ms, ${f.baselineIdle.longTasks} long tasks).
Main thread per second of feed (Chromium's counters): tasks ${f.withUpdates.mainThreadMsPerSecond.task} ms,
of which script ${f.withUpdates.mainThreadMsPerSecond.script}, layout ${f.withUpdates.mainThreadMsPerSecond.layout},
style ${f.withUpdates.mainThreadMsPerSecond.style} ms (idle: tasks ${f.baselineIdle.mainThreadMsPerSecond.task} ms).
Time to first byte of index.html: median ${l.medianTtfbMs} ms.

Long tasks and frame-interval tails depend on what else the 2 CPUs are doing (see the load
average above); the main-thread counters show how much of each second the board itself uses.
`;
}

await main().catch((e) => {
  console.error(`bench: ${e.message}`);
  process.exitCode = 1;
});

// The app through nginx on the scaled stack (issue 12), against a stack that is already running
// (started by the cli's ScaledStackEndToEndIT with `stackctl up --topology scaled`): the page is
// opened through the stack's nginx, then the API replica holding the page's market socket (read
// from each replica's /metrics at its container address) gets SIGKILL. The page must say it is
// reconnecting, then be live again through another replica, and show the same board as a page
// opened afresh: every row's total volume (which only grows during the day) on the fresh page lies
// between the reconnected page's a second before and a second after, and the symbols are the same.
//
// Environment: STACK_URL (e.g. http://127.0.0.1:18080), STACK_API_REPLICAS (comma-separated
// ip:port:container of every API replica: container address, HTTP port, container id). Needs the
// docker CLI (the kill is `docker kill --signal KILL`) and the stack's network reachable from this
// host. Prints "N passed, M failed".
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { assert, Checks, Failure, launchChromium, request, runScript, sleep, TARGET, waitFor } from './harness.mjs';

const checks = new Checks();
const SHOTS = path.join(TARGET, 'screenshots', 'scaled');
let browser;

function replicas() {
  const spec = process.env.STACK_API_REPLICAS ?? '';
  const list = spec.split(',').filter(Boolean).map((s) => {
    const [ip, port, container] = s.split(':');
    if (!ip || !Number(port) || !/^[0-9a-f]{12,64}$/.test(container ?? '')) {
      throw new Failure(`STACK_API_REPLICAS entry '${s}' is not ip:port:container-id`);
    }
    return { ip, port: Number(port), container };
  });
  if (list.length < 2) throw new Failure(`STACK_API_REPLICAS names ${list.length} replica(s); the test needs at least 2 (ip:port:container-id,...)`);
  return list;
}

/** The replica's WebSocket clients of one channel, from its /metrics (0 when it does not answer). */
async function clients(r, channel) {
  try {
    const res = await request(`http://${r.ip}:${r.port}/metrics`, { timeoutMs: 3000 });
    const line = res.body.toString().split('\n').find((l) => l.startsWith('tracker_ws_clients{') && l.includes(`channel="${channel}"`));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  } catch {
    return 0;
  }
}

/** symbol -> total volume, as the board shows it. */
async function volumes(page) {
  const rows = await page.$$eval('table.board tbody tr[data-symbol]', (trs) => trs.map((tr) =>
    [tr.dataset.symbol, tr.querySelector('td[data-key="totalVol"]')?.textContent ?? '']));
  return new Map(rows.map(([s, v]) => [s, Number(v.replace(/[^0-9]/g, '') || '0')]));
}

async function live(page, what, timeoutMs) {
  await waitFor(what, async () => (await page.getAttribute('.conn', 'data-state')) === 'live', timeoutMs, 100);
}

async function main() {
  const base = process.env.STACK_URL;
  if (!base) throw new Failure('STACK_URL is not set (the scaled stack\'s nginx, e.g. http://127.0.0.1:18080)');
  const all = replicas();
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  let victim;

  await checks.run('the board is live through nginx on the scaled stack', async () => {
    await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
    await waitFor('30 board rows', async () => (await volumes(page)).size === 30, 30_000, 100);
    await live(page, 'the badge to say Live', 20_000);
    const counts = await Promise.all(all.map((r) => clients(r, 'market')));
    const holders = all.filter((r, i) => counts[i] > 0);
    assert(holders.length === 1, `expected exactly one replica holding the page's market socket, /metrics say ${counts.join(', ')}`);
    victim = holders[0];
    console.log(`       market socket on replica ${victim.ip} (container ${victim.container.slice(0, 12)}); market clients per replica: ${counts.join(', ')}`);
  });
  if (!victim) return;

  await checks.run('the replica serving the page is killed: the page says reconnecting, then live again', async () => {
    const states = [];
    const t0 = Date.now();
    execFileSync('docker', ['kill', '--signal', 'KILL', victim.container], { stdio: 'ignore', timeout: 10_000 });
    let reconnectingAt = -1;
    let liveAt = -1;
    let shot = false;
    while (Date.now() - t0 < 30_000 && liveAt < 0) {
      const s = await page.getAttribute('.conn', 'data-state');
      if (states[states.length - 1] !== s) states.push(s);
      if (s !== 'live' && reconnectingAt < 0) reconnectingAt = Date.now() - t0;
      if (s === 'live' && reconnectingAt >= 0) liveAt = Date.now() - t0;
      // once, the first time the page is seen not live (often the first look: the kill closes the socket at once)
      if (reconnectingAt >= 0 && liveAt < 0 && !shot) {
        shot = true;
        await page.screenshot({ path: path.join(SHOTS, 'reconnecting.png') });
      }
      await sleep(50);
    }
    console.log(`       badge: ${states.join(' -> ')}; not live at +${reconnectingAt} ms, live again at +${liveAt} ms`);
    assert(reconnectingAt >= 0, `the badge never left Live after the kill (${states.join(' -> ')})`);
    assert(states.includes('reconnecting') || states.includes('offline'), `the badge went ${states.join(' -> ')}, never reconnecting`);
    assert(liveAt >= 0, `the page was not live again within 30 s (${states.join(' -> ')})`);
    assert(!(await page.isVisible('.stale-banner')), 'stale banner still shown while live');
    await page.screenshot({ path: path.join(SHOTS, 'live-again.png') });
  });

  await checks.run('the reconnected page shows the same board as a fresh page', async () => {
    const fresh = await context.newPage();
    await fresh.goto(base + '/', { waitUntil: 'domcontentloaded' });
    await waitFor('30 rows on the fresh page', async () => (await volumes(fresh)).size === 30, 30_000, 100);
    await live(fresh, 'the fresh page to be live', 20_000);
    let compared = 0;
    for (let round = 0; round < 3; round++) {
      const before = await volumes(page);
      await sleep(1000);
      const middle = await volumes(fresh);
      await sleep(1000);
      const after = await volumes(page);
      assert([...middle.keys()].sort().join() === [...before.keys()].sort().join(), 'the two pages show different symbols');
      for (const [sym, v] of middle) {
        assert(before.get(sym) <= v && v <= after.get(sym),
          `${sym}: the fresh page's total volume ${v} is not between the reconnected page's ${before.get(sym)} and ${after.get(sym)} a second either side`);
        compared++;
      }
    }
    const moved = [...(await volumes(page)).values()].reduce((a, b) => a + b, 0);
    assert(moved > 0, 'no volume on the board at all');
    console.log(`       ${compared} row volumes compared in 3 rounds, all consistent`);
    await fresh.close();
  });
}

runScript('scaled browser test', checks, main, async () => {
  if (browser) await browser.close();
});

import { describe, expect, it } from 'vitest';
import { asUpdate, RestFallback } from '../src/fallback';
import { Store } from '../src/store';
import { takeToken, TOKEN_KEY, wsUrl, type ConnInfo } from '../src/ws';
import { FakeClock } from './fakeClock';

const t0 = Date.UTC(2026, 10, 26, 2, 15, 0);

const stock = (last: number, totalVol: number) => ({ symbol: 'FPT', ts: t0, last, totalVol, ref: 118000 });
const idx = { symbol: 'VN30', ts: t0, value: 1301, series: [[t0, 1301]] };

/** A REST server stand-in: each path's current body; `down` makes every read fail. */
function api() {
  const state = {
    down: false,
    reads: [] as string[],
    bodies: {
      '/api/market/snapshot': { ts: t0, stocks: [stock(118500, 1000)], indices: [idx], futures: null },
      '/api/market/foreign': { ts: t0, foreign: [{ symbol: 'FPT', ts: t0, netVal: 5, acceleration: 2 }] },
      '/api/alerts?limit=500': { source: 'database', from: 0, to: t0, alerts: [{ id: 'pb-FPT-1', kind: 'price_breakout', severity: 'critical', symbol: 'FPT', message: 'm', ts: t0, data: {} }] },
    } as Record<string, unknown>,
  };
  const fetchJson = async (path: string) => {
    state.reads.push(path);
    if (state.down) throw new Error('502 Bad Gateway');
    return JSON.parse(JSON.stringify(state.bodies[path]));
  };
  return { state, fetchJson };
}

/** A store whose four sockets are driven by hand. */
function storeWithSockets(clock: FakeClock, server: ReturnType<typeof api>, token: string | null = null) {
  const onState = new Map<string, (i: ConnInfo) => void>();
  const urls: string[] = [];
  const store = new Store((ch, _m, s) => {
    onState.set(ch, s);
    urls.push(wsUrl('/ws/' + ch, { protocol: 'http:', host: 'board.test' }, token));
    return { state: { state: 'connecting', attempt: 0, lastMessageAt: null, nextRetryAt: null }, start() {}, stop() {}, reconnectNow() {} } as never;
  }, { pollAfterAttempts: 3, token, fallback: { everyMs: 5000, clock, fetchJson: server.fetchJson } });
  store.start();
  const fail = (ch: string, attempt: number, closeCode: number | null = null) =>
    onState.get(ch)!({ state: 'reconnecting', attempt, lastMessageAt: null, nextRetryAt: clock.now() + 1000, closeCode });
  const live = (ch: string) => onState.get(ch)!({ state: 'live', attempt: 0, lastMessageAt: clock.now(), nextRetryAt: null, closeCode: null });
  return { store, fail, live, urls };
}

describe('REST replies as stream updates', () => {
  it('maps each path onto the data of its stream', () => {
    const snap = { ts: 5, stocks: [stock(1, 1)], indices: [idx], futures: null };
    expect(asUpdate('market', snap, 9)).toEqual({ type: 'update', channel: 'market', ts: 5, data: { stocks: snap.stocks, futures: null } });
    expect(asUpdate('index', snap, 9)).toEqual({ type: 'update', channel: 'index', ts: 5, data: { indices: snap.indices, futures: null } });
    expect(asUpdate('alerts', { alerts: [] }, 9)).toEqual({ type: 'update', channel: 'alerts', ts: 9, data: { alerts: [] } });
    expect(asUpdate('foreign', { detail: 'not this' }, 9)).toBeNull();
    expect(asUpdate('market', null, 9)).toBeNull();
  });
});

describe('falling back to REST polling', () => {
  it('polls a stream after 3 failed connections in a row, keeps the data current and stops when the socket is live again', async () => {
    const clock = new FakeClock(t0);
    const server = api();
    const { store, fail, live } = storeWithSockets(clock, server);
    for (const ch of ['index', 'foreign', 'alerts']) live(ch);
    fail('market', 1);
    fail('market', 2);
    await clock.advanceAsync(10_000);
    expect(server.state.reads).toEqual([]); // two failures: still only the socket
    fail('market', 3);
    await clock.advanceAsync(0);
    expect(server.state.reads).toEqual(['/api/market/snapshot']);
    expect(store.stocks.get('FPT')!.last).toBe(118500);
    expect(store.summary()).toMatchObject({ state: 'polling', polling: { channels: ['market'], everyMs: 5000, lastOkAt: t0 + 10_000, error: null } });
    // the next read 5 s later brings the price on; the page's views hear it as an update
    const seen: number[] = [];
    store.onStocks.on((l) => l.forEach(({ stock: s, prev }) => seen.push(s.totalVol - (prev?.totalVol ?? 0))));
    (server.state.bodies['/api/market/snapshot'] as { stocks: unknown[] }).stocks = [stock(118600, 1300)];
    await clock.advanceAsync(5000);
    expect(seen).toEqual([300]);
    expect(server.state.reads).toHaveLength(2);
    // the socket is back: no more reads
    live('market');
    await clock.advanceAsync(20_000);
    expect(server.state.reads).toHaveLength(2);
    expect(store.summary().state).toBe('live');
    expect(store.summary().polling).toBeUndefined();
  });

  it('is not "polling" while REST fails too: the sockets\' state shows', async () => {
    const clock = new FakeClock(t0);
    const server = api();
    server.state.down = true;
    const { store, fail } = storeWithSockets(clock, server);
    for (const ch of ['market', 'index', 'foreign', 'alerts']) { fail(ch, 3); }
    await clock.advanceAsync(0);
    // one read per path (market and index share the snapshot)
    expect([...server.state.reads].sort()).toEqual(['/api/alerts?limit=500', '/api/market/foreign', '/api/market/snapshot']);
    expect(store.summary()).toMatchObject({ state: 'reconnecting', polling: { error: '/api/market/snapshot: 502 Bad Gateway' } });
    server.state.down = false;
    await clock.advanceAsync(5000);
    expect(store.summary().state).toBe('polling');
    expect(store.foreign.get('FPT')!.acceleration).toBe(2);
    expect(store.alerts.size).toBe(1);
    // a stale last success is not current data
    server.state.down = true;
    await clock.advanceAsync(15_000);
    expect(store.summary().state).toBe('reconnecting');
  });

  it('polls at once when the socket is refused for its token, and says so', async () => {
    const clock = new FakeClock(t0);
    const server = api();
    const { store, fail, live, urls } = storeWithSockets(clock, server, 'sixteen-chars-token');
    expect(urls[0]).toBe('ws://board.test/ws/market?token=sixteen-chars-token');
    for (const ch of ['index', 'foreign', 'alerts']) live(ch);
    fail('market', 1, 4401);
    await clock.advanceAsync(0);
    expect(server.state.reads).toEqual(['/api/market/snapshot']);
    expect(store.summary()).toMatchObject({ state: 'polling', tokenRejected: true });
  });
});

describe('the RestFallback loop', () => {
  it('reads only while a stream is in it, one read per path', async () => {
    const clock = new FakeClock(t0);
    const server = api();
    const applied: string[] = [];
    const fb = new RestFallback({ apply: (ch) => applied.push(ch), onChange: () => {}, clock, fetchJson: server.fetchJson, everyMs: 1000 });
    fb.set('market', true);
    fb.set('index', true);
    await clock.advanceAsync(2500);
    expect(server.state.reads).toEqual(['/api/market/snapshot', '/api/market/snapshot', '/api/market/snapshot']);
    expect(applied).toEqual(['market', 'index', 'market', 'index', 'market', 'index']);
    fb.set('market', false);
    fb.set('index', false);
    await clock.advanceAsync(5000);
    expect(server.state.reads).toHaveLength(3);
    expect(fb.healthy()).toBe(false);
  });
});

describe('the socket token', () => {
  const storage = () => {
    const m = new Map<string, string>();
    return { m, getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
  };
  it('comes from ?token= once, is remembered, and leaves the address', () => {
    const s = storage();
    expect(takeToken('?token=abc-123_XYZ.tok~en&x=1', s)).toEqual({ token: 'abc-123_XYZ.tok~en', search: '?x=1' });
    expect(s.m.get(TOKEN_KEY)).toBe('abc-123_XYZ.tok~en');
    expect(takeToken('', s)).toEqual({ token: 'abc-123_XYZ.tok~en', search: '' });
    // an empty ?token= forgets it
    expect(takeToken('?token=', s)).toEqual({ token: null, search: '' });
    expect(takeToken('?a=b', s)).toEqual({ token: null, search: '?a=b' });
    expect(takeToken('?token=x', null)).toEqual({ token: 'x', search: '' });
  });
  it('goes into the socket URL, encoded; off by default', () => {
    expect(wsUrl('/ws/market', { protocol: 'https:', host: 'h' }, 'a b&c')).toBe('wss://h/ws/market?token=a%20b%26c');
    expect(wsUrl('/ws/market', { protocol: 'http:', host: 'h' })).toBe('ws://h/ws/market');
  });
});

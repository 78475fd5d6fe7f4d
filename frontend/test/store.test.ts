import { describe, expect, it } from 'vitest';
import type { IndexView, StockView } from '../src/api';
import { stockToRow } from '../src/api';
import { Store } from '../src/store';
import type { ConnInfo } from '../src/ws';

const t0 = Date.UTC(2026, 10, 26, 2, 15, 0);

function idx(value: number, ts: number, series: [number, number][]): IndexView {
  return {
    symbol: 'VN30', session: 'continuous', ts, value, prior: 1300, change: value - 1300, changePct: 0,
    totalQtty: 0, totalValue: 0, advances: 1, noChanges: 2, declines: 3, ceilings: 0, floors: 0, series,
  };
}

describe('Store', () => {
  it('decodes market snapshots and updates, reporting the previous state', () => {
    const store = new Store();
    const seen: { sym: string; prevVol: number | undefined }[] = [];
    store.onStocks.on((list) => list.forEach(({ stock, prev }) => seen.push({ sym: stock.symbol, prevVol: prev?.totalVol })));
    const fpt = { symbol: 'FPT', totalVol: 100, last: 22950 } as StockView;
    store.handle('market', { type: 'snapshot', channel: 'market', ts: t0, symbols: null, data: { stocks: [fpt], futures: null } });
    store.handle('market', { type: 'update', channel: 'market', ts: t0, data: { stocks: [{ ...fpt, totalVol: 300 }], futures: null } });
    store.handle('market', { type: 'heartbeat', channel: 'market', ts: t0 });
    store.handle('market', 'garbage');
    // A snapshot after a reconnect may span an outage: no previous state is reported for it.
    store.handle('market', { type: 'snapshot', channel: 'market', ts: t0, symbols: null, data: { stocks: [{ ...fpt, totalVol: 900 }], futures: null } });
    expect(seen).toEqual([{ sym: 'FPT', prevVol: undefined }, { sym: 'FPT', prevVol: 100 }, { sym: 'FPT', prevVol: undefined }]);
    expect(store.stocks.get('FPT')!.totalVol).toBe(900);
  });

  it('merges market updates, which carry only the fields that changed, into whole rows', () => {
    const store = new Store();
    const rows: StockView[] = [];
    store.onStocks.on((list) => list.forEach(({ stock }) => rows.push(stock)));
    const fpt = { symbol: 'FPT', exchange: 'HOSE', ts: t0, ref: 118000, last: 118500, totalVol: 100, bids: [{ price: 118400, volume: 10 }] } as StockView;
    store.handle('market', { type: 'snapshot', channel: 'market', ts: t0, symbols: null, data: { stocks: [fpt], futures: null } });
    store.handle('market', { type: 'update', channel: 'market', ts: t0 + 50, data: { stocks: [{ symbol: 'FPT', ts: t0 + 41, last: 118600, totalVol: 400 }], futures: null } });
    expect(store.stocks.get('FPT')).toEqual({ ...fpt, ts: t0 + 41, last: 118600, totalVol: 400 });
    expect(rows[1]).toEqual(store.stocks.get('FPT'));
    store.handle('market', { type: 'update', channel: 'market', ts: t0 + 100, data: { stocks: [{ symbol: 'FPT', ts: t0 + 90, bids: [] }], futures: null } });
    expect(store.stocks.get('FPT')!.bids).toEqual([]);
    expect(store.stocks.get('FPT')!.last).toBe(118600);
    expect(store.stocks.get('FPT')!.exchange).toBe('HOSE');
    // futures merge the same way
    const fut = { symbol: 'VN30F1M', ts: t0, last: 1320.5, basis: 2.1, underlying: 'VN30' } as never;
    store.handle('market', { type: 'snapshot', channel: 'market', ts: t0, symbols: null, data: { stocks: [], futures: fut } });
    store.handle('market', { type: 'update', channel: 'market', ts: t0 + 50, data: { stocks: [], futures: { symbol: 'VN30F1M', ts: t0 + 40, basis: 2.4 } } });
    expect(store.futures).toEqual({ symbol: 'VN30F1M', ts: t0 + 40, last: 1320.5, basis: 2.4, underlying: 'VN30' });
  });

  it('reports the server feed from heartbeats in the connection summary', () => {
    const store = new Store();
    const feeds: (string | undefined)[] = [];
    store.onConn.on((s) => feeds.push(s.feed?.state));
    expect(store.summary().feed).toBeUndefined();
    store.handle('market', { type: 'heartbeat', channel: 'market', ts: t0, feed: { state: 'streaming', lastEventMs: t0 } });
    store.handle('market', { type: 'heartbeat', channel: 'market', ts: t0, feed: { state: 'streaming', lastEventMs: t0 } });
    store.handle('index', { type: 'heartbeat', channel: 'index', ts: t0 + 1000, feed: { state: 'reconnecting', lastEventMs: t0 } });
    expect(feeds).toEqual(['streaming', 'reconnecting']);
    expect(store.summary().feed).toEqual({ state: 'reconnecting', lastEventMs: t0 });
  });

  it('extends the index series from updates, which carry an empty one', () => {
    const store = new Store();
    store.handle('index', { type: 'snapshot', channel: 'index', ts: t0, data: { indices: [idx(1310, t0, [[t0 - 60_000, 1305], [t0, 1310]])], futures: null } });
    store.handle('index', { type: 'update', channel: 'index', ts: t0, data: { indices: [idx(1311, t0 + 20_000, [])], futures: null } });
    store.handle('index', { type: 'update', channel: 'index', ts: t0, data: { indices: [idx(1312, t0 + 61_000, [])], futures: null } });
    expect(store.indices.get('VN30')!.series).toEqual([[t0 - 60_000, 1305], [t0 + 20_000, 1311], [t0 + 61_000, 1312]]);
    expect(store.indices.get('VN30')!.value).toBe(1312);
  });

  it('is live only when all four streams are, and remembers the last message time', () => {
    const states = new Map<string, (i: ConnInfo) => void>();
    const store = new Store((ch, _onMessage, onState) => {
      states.set(ch, onState);
      return { state: { state: 'connecting', attempt: 0, lastMessageAt: null, nextRetryAt: null }, start() {}, stop() {}, reconnectNow() {} } as never;
    });
    const summaries: string[] = [];
    store.onConn.on((s) => summaries.push(s.state));
    store.start();
    const live = (t: number): ConnInfo => ({ state: 'live', attempt: 0, lastMessageAt: t, nextRetryAt: null });
    states.get('market')!(live(5));
    states.get('index')!(live(7));
    states.get('foreign')!(live(6));
    states.get('alerts')!(live(4));
    states.get('index')!({ state: 'reconnecting', attempt: 1, lastMessageAt: 7, nextRetryAt: 900 });
    expect(summaries).toEqual(['connecting', 'connecting', 'connecting', 'live', 'reconnecting']);
    expect(store.summary()).toEqual({ state: 'reconnecting', lastMessageAt: 7, nextRetryAt: 900, attempt: 1 });
  });

  it('maps a StockView onto a board row', () => {
    const row = stockToRow({
      symbol: 'FPT', exchange: 'HOSE', session: 'continuous', ts: t0, ref: 118000, ceiling: 126200, floor: 109800,
      open: 0, high: 0, low: 0, last: 0, change: 0, changePct: 0, totalVol: 0, totalVal: 0,
      bids: [], asks: [], activeBuyVol: 5, activeSellVol: 7, neutralVol: 0, lastSide: null, lastVol: 0,
    });
    expect(row).toMatchObject({ symbol: 'FPT', ref: 118000, buyVol: 5, sellVol: 7, last: 0, change: 0 });
  });
});

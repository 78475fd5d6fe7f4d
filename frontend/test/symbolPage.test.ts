// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Candle, StockView } from '../src/api';
import { Store } from '../src/store';
import { SymbolPage } from '../src/views/symbolPage';

const t0 = Date.UTC(2026, 10, 26, 2, 15, 0); // 09:15 Vietnam time

class FakeCandleChart {
  static last: FakeCandleChart | null = null;
  data: Candle[] = [];
  updates: Candle[] = [];
  overlay: [number, number][] = [];
  basis: [number, number][] = [];
  count = 0;
  splitBars = 0;
  overlayPoints = 0;
  basisBars = 0;
  overlayVisible = true;
  constructor(readonly el: HTMLElement, readonly divisor: number, readonly opts: { basis?: boolean } = {}) { FakeCandleChart.last = this; }
  setData(c: Candle[]) { this.data = c.map((x) => ({ ...x })); this.count = c.length; }
  update(c: Candle) { this.updates.push({ ...c }); if (c.t > (this.data.at(-1)?.t ?? -1)) this.count++; }
  setOverlay(p: [number, number][]) { this.overlay = p.map(([t, v]) => [t, v]); this.overlayPoints = p.length; }
  updateOverlay(t: number, v: number) { fold(this.overlay, t, v); this.overlayPoints = this.overlay.length; }
  setBasis(p: [number, number][]) { this.basis = p.map(([t, v]) => [t, v]); this.basisBars = p.length; }
  updateBasis(t: number, v: number) { fold(this.basis, t, v); this.basisBars = this.basis.length; }
  showOverlay(v: boolean) { this.overlayVisible = v; }
  dispose() {}
}

function fold(s: [number, number][], t: number, v: number) {
  if (s.at(-1)?.[0] === t) s[s.length - 1] = [t, v];
  else s.push([t, v]);
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function quote(totalVol: number, last: number, ts: number): StockView {
  return {
    symbol: 'FPT', exchange: 'HOSE', session: 'continuous', ts, ref: 118000, ceiling: 126200, floor: 109800,
    open: 118000, high: 119000, low: 117000, last, change: last - 118000, changePct: 0, totalVol, totalVal: 0,
    bids: [], asks: [], activeBuyVol: 0, activeSellVol: 0, neutralVol: 0, lastSide: 'buy', lastVol: 0,
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('SymbolPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('charts the history, then folds live trades into it, and reloads on another interval', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      const body = url.includes('/candles')
        ? { symbol: 'FPT', interval: '1m', candles: [{ t: t0, open: 118000, high: 118500, low: 117900, close: 118200, volume: 1000 }] }
        : { symbol: 'FPT', ticks: [{ ts: t0 + 1000, price: 118200, volume: 100, side: 'sell', session: 'continuous' }] };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    const store = new Store();
    store.handle('market', { type: 'snapshot', channel: 'market', ts: t0, data: { stocks: [quote(5000, 118200, t0 + 1000)], futures: null } });
    const page = new SymbolPage('FPT', store, Promise.resolve({ CandleChart: FakeCandleChart }) as never, () => {});
    document.body.replaceChildren(page.el);
    await settle(); await settle(); await settle();

    const chart = FakeCandleChart.last!;
    expect(chart.divisor).toBe(1000);
    expect(chart.data).toHaveLength(1);
    expect(urls.some((u) => u.startsWith('/api/history/FPT/candles?interval=1m&from='))).toBe(true);
    expect(document.querySelectorAll('table.trades tbody tr')).toHaveLength(1);

    // 300 more shares traded at 118.50 within the same minute: the candle and the trade list grow.
    store.handle('market', { type: 'update', channel: 'market', ts: t0, data: { stocks: [quote(5300, 118500, t0 + 20_000)], futures: null } });
    expect(chart.updates.at(-1)).toEqual({ t: t0, open: 118000, high: 118500, low: 117900, close: 118500, volume: 1300, buyVolume: 0, sellVolume: 0 });
    const rows = document.querySelectorAll('table.trades tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toBe('09:15:20118.50300Buy');
    expect(document.querySelector('.candle-chart')!.getAttribute('data-candles')).toBe('1');

    (document.querySelector('.intervals button[data-interval="5m"]') as HTMLElement).click();
    await settle(); await settle(); await settle();
    expect(urls.some((u) => u.includes('interval=5m'))).toBe(true);
    expect(document.querySelector('.candle-chart')!.getAttribute('data-interval')).toBe('5m');
    page.dispose();
  });

  it('says so when the history is unavailable and still charts live trades', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ status: 503, detail: 'database down' }), { status: 503 }));
    const store = new Store();
    store.handle('market', { type: 'snapshot', channel: 'market', ts: t0, data: { stocks: [quote(5000, 118200, t0)], futures: null } });
    const page = new SymbolPage('FPT', store, Promise.resolve({ CandleChart: FakeCandleChart }) as never, () => {});
    document.body.replaceChildren(page.el);
    await settle(); await settle(); await settle();
    expect(document.querySelector('.chart-box .notice')!.textContent).toContain('database is down');
    store.handle('market', { type: 'update', channel: 'market', ts: t0, data: { stocks: [quote(5200, 118300, t0 + 5000)], futures: null } });
    expect(FakeCandleChart.last!.updates.at(-1)).toMatchObject({ t: t0, close: 118300, volume: 200 });
    page.dispose();
  });

  it('splits live volume into active buy and sell, and draws VN30 from the index history, kept live', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      if (url.startsWith('/api/history/index/VN30/candles')) {
        return json({ symbol: 'VN30', interval: '1m', candles: [{ t: t0 - 60_000, open: 1, high: 1, low: 1, close: 1300.5 }, { t: t0, open: 1, high: 1, low: 1, close: 1301.25 }] });
      }
      if (url.includes('/candles')) return json({ symbol: 'FPT', interval: '1m', candles: [{ t: t0, open: 118000, high: 118000, low: 118000, close: 118000, volume: 100, buyVolume: 60, sellVolume: 40 }] });
      return json({ symbol: 'FPT', ticks: [] });
    });
    const store = new Store();
    const q0 = { ...quote(5000, 118000, t0 + 1000), activeBuyVol: 3000, activeSellVol: 1500 };
    store.handle('market', { type: 'snapshot', channel: 'market', ts: t0, data: { stocks: [q0], futures: null } });
    const page = new SymbolPage('FPT', store, Promise.resolve({ CandleChart: FakeCandleChart }) as never, () => {});
    document.body.replaceChildren(page.el);
    for (let i = 0; i < 6; i++) await settle();
    const chart = FakeCandleChart.last!;
    expect(chart.opts.basis).toBe(false);
    expect(urls.some((u) => /^\/api\/history\/index\/VN30\/candles\?interval=1m&from=\d+&to=\d+$/.test(u))).toBe(true);
    expect(chart.overlay).toEqual([[t0 - 60_000, 1300.5], [t0, 1301.25]]);
    // 500 shares: 300 bought and 150 sold actively, 50 neutral
    store.handle('market', { type: 'update', channel: 'market', ts: t0, data: { stocks: [{ symbol: 'FPT', ts: t0 + 30_000, totalVol: 5500, activeBuyVol: 3300, activeSellVol: 1650, last: 118100 }], futures: null } });
    expect(chart.updates.at(-1)).toMatchObject({ t: t0, volume: 600, buyVolume: 360, sellVolume: 190 });
    // the index moves on: the overlay's minute changes, then a new minute opens
    const idx = (ts: number, value: number) => ({ symbol: 'VN30', session: 'continuous', ts, value, prior: 1290, change: 0, changePct: 0, totalQtty: 0, totalValue: 0,
      advances: 0, noChanges: 0, declines: 0, ceilings: 0, floors: 0, series: [] });
    store.handle('index', { type: 'snapshot', channel: 'index', ts: t0, data: { indices: [idx(t0 + 30_000, 1302)] } });
    store.handle('index', { type: 'update', channel: 'index', ts: t0, data: { indices: [idx(t0 + 61_000, 1303)] } });
    expect(chart.overlay).toEqual([[t0 - 60_000, 1300.5], [t0, 1302], [t0 + 60_000, 1303]]);
    const el = document.querySelector('.candle-chart') as HTMLElement;
    expect([el.dataset.overlay, el.dataset.split]).toEqual(['3', '0']);
    (document.querySelector('.intervals .overlay-toggle') as HTMLElement).click();
    expect(chart.overlayVisible).toBe(false);
    expect(document.querySelector('.overlay-toggle')!.getAttribute('aria-pressed')).toBe('false');
    page.dispose();
  });

  it('draws a futures contract\'s basis per bar from the basis history, falling back to the server\'s day series', async () => {
    const fut = 'VN30F2612';
    const futures = (ts: number, basis: number) => ({
      ...quote(2000, 1300, ts), symbol: fut, exchange: 'HNX', ref: 1290, ceiling: 1380, floor: 1200,
      underlying: 'VN30', indexValue: 1300 - basis, basis, basisPct: 0, basisState: basis > 0 ? 'premium' : 'discount' });
    for (const historyUp of [true, false]) {
      vi.stubGlobal('fetch', async (url: string) => {
        if (url.startsWith(`/api/history/${fut}/basis`)) {
          return historyUp ? json({ symbol: fut, interval: '1m', points: [{ t: t0 - 60_000, basis: 2.5 }, { t: t0, basis: -1.25 }] }) : json({ status: 503 }, 503);
        }
        if (url === '/api/market/derivatives') {
          return json({ ts: t0, futures: null, derivatives: { symbol: fut, ts: t0, basis: -3, basisState: 'discount', basisSeries: [[t0, -3], [t0 + 60_000, -4]], priceSeries: [], convergence: { state: 'unknown', slope: 0, points: 2 } } });
        }
        if (url.includes('/candles') && !url.includes('/index/')) return json({ symbol: fut, interval: '1m', candles: [] });
        return json({ status: 503 }, 503);
      });
      const store = new Store();
      store.handle('market', { type: 'snapshot', channel: 'market', ts: t0, data: { stocks: [], futures: futures(t0, -1) } });
      const page = new SymbolPage(fut, store, Promise.resolve({ CandleChart: FakeCandleChart }) as never, () => {});
      document.body.replaceChildren(page.el);
      for (let i = 0; i < 6; i++) await settle();
      const chart = FakeCandleChart.last!;
      expect(chart.opts.basis).toBe(true);
      expect(chart.divisor).toBe(1);
      // history up: its bars, then today's newer minutes from the server's series; down: the series alone
      expect(chart.basis).toEqual(historyUp ? [[t0 - 60_000, 2.5], [t0, -1.25], [t0 + 60_000, -4]] : [[t0, -3], [t0 + 60_000, -4]]);
      store.handle('market', { type: 'update', channel: 'market', ts: t0, data: { stocks: [], futures: { symbol: fut, ts: t0 + 125_000, basis: 1.5, last: 1301, indexValue: 1299.5 } } });
      expect(chart.basis.at(-1)).toEqual([t0 + 120_000, 1.5]);
      expect((document.querySelector('.candle-chart') as HTMLElement).dataset.basis).toBe(String(chart.basis.length));
      page.dispose();
    }
  });

  it('without an index history, draws VN30 from the server\'s day series once the index stream brings it', async () => {
    vi.stubGlobal('fetch', async (url: string) => url.includes('/candles') ? json({ status: 503, detail: 'database down' }, 503) : json({ symbol: 'FPT', ticks: [] }));
    const store = new Store();
    store.handle('market', { type: 'snapshot', channel: 'market', ts: t0, data: { stocks: [quote(5000, 118200, t0)], futures: null } });
    const page = new SymbolPage('FPT', store, Promise.resolve({ CandleChart: FakeCandleChart }) as never, () => {});
    document.body.replaceChildren(page.el);
    for (let i = 0; i < 6; i++) await settle();
    const chart = FakeCandleChart.last!;
    expect(chart.overlay).toEqual([]);
    const series: [number, number][] = [[t0, 1300], [t0 + 60_000, 1301], [t0 + 120_000, 1302.5]];
    store.handle('index', { type: 'snapshot', channel: 'index', ts: t0, data: { indices: [{ symbol: 'VN30', session: 'continuous', ts: t0 + 130_000, value: 1302.5,
      prior: 1290, change: 0, changePct: 0, totalQtty: 0, totalValue: 0, advances: 0, noChanges: 0, declines: 0, ceilings: 0, floors: 0, series }] } });
    expect(chart.overlay).toEqual(series);
    expect((document.querySelector('.candle-chart') as HTMLElement).dataset.overlay).toBe('3');
    page.dispose();
  });
});


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
  count = 0;
  constructor(readonly el: HTMLElement, readonly divisor: number) { FakeCandleChart.last = this; }
  setData(c: Candle[]) { this.data = c.map((x) => ({ ...x })); this.count = c.length; }
  update(c: Candle) { this.updates.push({ ...c }); if (c.t > (this.data.at(-1)?.t ?? -1)) this.count++; }
  dispose() {}
}

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
    expect(chart.updates.at(-1)).toEqual({ t: t0, open: 118000, high: 118500, low: 117900, close: 118500, volume: 1300 });
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
});

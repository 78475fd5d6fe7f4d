// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DerivativesReply, FuturesView } from '../src/api';
import { convergenceText, withLiveBasis } from '../src/derivatives';
import { Store } from '../src/store';
import { BasisPage } from '../src/views/basisPage';

describe('convergenceText', () => {
  it('reads the server estimate with its slope and window', () => {
    expect(convergenceText({ state: 'converging', slope: -0.125, points: 10 }))
      .toEqual({ label: 'Converging', detail: '|basis| -0.13 points/min over the last 10 min', tone: 'up' });
    expect(convergenceText({ state: 'diverging', slope: 0.95, points: 2 }))
      .toEqual({ label: 'Diverging', detail: '|basis| +0.95 points/min over the last 2 min', tone: 'down' });
    expect(convergenceText({ state: 'steady', slope: 0, points: 7 }))
      .toEqual({ label: 'Steady', detail: '|basis| 0.00 points/min over the last 7 min', tone: '' });
  });
  it('says what is missing while unknown', () => {
    expect(convergenceText({ state: 'unknown', slope: 0, points: 2 }).detail).toBe('needs 3 minutes of basis, has 2');
    expect(convergenceText(null)).toEqual({ label: 'Unknown', detail: 'needs 3 minutes of basis, has 0', tone: '' });
  });
});

describe('withLiveBasis', () => {
  const s: [number, number][] = [[1796527800000, -6.9], [1796527860000, -7.85]];
  it('replaces the point of the same minute', () => {
    expect(withLiveBasis(s, 1796527890500, -8.1)).toEqual([[1796527800000, -6.9], [1796527860000, -8.1]]);
  });
  it('starts the next minute', () => {
    expect(withLiveBasis(s, 1796527920001, -5)).toEqual([...s, [1796527920000, -5]]);
  });
  it('ignores a value older than the last minute and leaves the input alone', () => {
    expect(withLiveBasis(s, 1796527799999, 1)).toEqual(s);
    withLiveBasis(s, 1796527920001, -5);
    expect(s).toHaveLength(2);
  });
  it('starts an empty series', () => {
    expect(withLiveBasis([], 1796527925000, 3.5)).toEqual([[1796527920000, 3.5]]);
  });
});

afterEach(() => vi.unstubAllGlobals());

describe('BasisPage', () => {
  it('shows the server basis series, the convergence state and the contracts', async () => {
    const futures = {
      symbol: 'VN30F2612', ts: 1796527915932, last: 1888.3, change: -1.2, totalVol: 182340, indexValue: 1896.15,
      basis: -7.85, basisPct: -0.41, basisState: 'discount', underlying: 'VN30',
      contracts: [
        { symbol: 'VN30F2612', last: 1888.3, change: -1.2, changePct: -0.06, totalVol: 182340, openInterest: 45120, basis: -7.85, shown: true },
        { symbol: 'VN30F2701', last: 1892.9, change: 0.5, changePct: 0.03, totalVol: 21807, openInterest: null, basis: -3.25, shown: false },
      ],
    } as unknown as FuturesView;
    const reply: DerivativesReply = {
      ts: 1796527915972, futures,
      derivatives: {
        symbol: 'VN30F2612', ts: 1796527915932, basis: -7.85, basisState: 'discount',
        basisSeries: [[1796527800000, -6.9], [1796527860000, -7.85]], priceSeries: [[1796527800000, 1889.5], [1796527860000, 1888.3]],
        convergence: { state: 'diverging', slope: 0.95, points: 2 },
      },
    };
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url);
      return new Response(JSON.stringify(reply), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    const store = new Store();
    const page = new BasisPage(store, new Promise(() => {}), () => {});
    document.body.replaceChildren(page.el);
    for (let i = 0; i < 100 && page.el.dataset.ready !== '1'; i++) await new Promise((r) => setTimeout(r, 5));
    expect(asked[0]).toBe('/api/market/derivatives');
    expect(page.el.querySelector('.basis-chart')!.getAttribute('data-points')).toBe('2');
    const conv = page.el.querySelector('.convergence')!;
    expect(conv.getAttribute('data-state')).toBe('diverging');
    expect(conv.textContent).toBe('Diverging · |basis| +0.95 points/min over the last 2 min');
    const rows = Array.from(page.el.querySelectorAll('table.contracts tbody tr')).map((r) => Array.from(r.children).map((c) => c.textContent));
    expect(rows.map((r) => [r[0], r[4], r[6]])).toEqual([['VN30F2612', '45,120', 'yes'], ['VN30F2701', '–', '']]);
    page.dispose();
  });
});

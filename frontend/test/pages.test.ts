// @vitest-environment happy-dom
// The volume and foreign summary pages against a canned server answer (fetch replaced: the pages'
// own parsing and rendering run for real).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ForeignReply, ForeignView, SessionSplit, VolumeStatsReply } from '../src/api';
import { Store } from '../src/store';
import { ForeignPage } from '../src/views/foreignPage';
import { VolumePage } from '../src/views/volumePage';

function serve(body: unknown): string[] {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    asked.push(url);
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return asked;
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

const text = (sel: string) => Array.from(document.querySelectorAll(sel)).map((e) => e.textContent);

afterEach(() => vi.unstubAllGlobals());

const split = (b: number, s: number, n: number): SessionSplit => ({ buyVol: b, sellVol: s, neutralVol: n, buyVal: 0, sellVal: 0, neutralVal: 0 });

describe('VolumePage', () => {
  it('shows the market cards, session bars and a row per stock, largest volume first', async () => {
    const stock = (symbol: string, b: number, s: number, n: number) => ({
      symbol, totalVol: b + s + n, activeBuyVol: b, activeSellVol: s, neutralVol: n,
      sessions: { ato: n, continuous: b + s, atc: 0 }, buySellRatio: b / s,
      activeBuyVal: b * 1e5, activeSellVal: s * 1e5, neutralVal: n * 1e5, buyPressure: (b / (b + s)) * 100,
      bySession: { ato: split(0, 0, n), continuous: split(b, s, 0), atc: split(0, 0, 0) },
    });
    const reply: VolumeStatsReply = {
      ts: 1796527800000,
      stocks: [stock('ACB', 30000, 10000, 10000), stock('FPT', 60000, 90000, 50000)],
      totals: { ...stock('', 90000, 100000, 60000), symbol: undefined } as unknown as VolumeStatsReply['totals'],
    };
    const asked = serve(reply);
    const page = new VolumePage(() => {});
    document.body.replaceChildren(page.el);
    await until(() => page.el.dataset.ready === '1');
    expect(asked[0]).toBe('/api/market/volume-stats');
    expect(text('.card-value')).toEqual(['250,000', '90,000', '100,000', '60,000', '0.90']);
    expect(text('.card-sub')[1]).toBe('36.0% · 9.00 bn VND');
    expect(document.querySelector('.share-chart svg')!.getAttribute('data-buy-pct')).toBe('36.00');
    expect(text('.session-chart text')).toEqual(['ATO 60,000', 'Continuous 190,000', 'ATC 0']);
    expect(document.querySelector('rect[data-session="continuous"][data-side="sell"]')!.getAttribute('height')).toBe('94');
    expect(Array.from(document.querySelectorAll('table.volume tbody tr')).map((r) => (r as HTMLElement).dataset.symbol)).toEqual(['FPT', 'ACB']);
    expect(text('tr[data-symbol="ACB"] td').slice(2, 8)).toEqual(['50,000', '30,000', '10,000', '10,000', '75.00', '3.00']);
    (document.querySelector('th[data-key="buyPressure"]') as HTMLElement).click();
    expect(Array.from(document.querySelectorAll('table.volume tbody tr')).map((r) => (r as HTMLElement).dataset.symbol)).toEqual(['ACB', 'FPT']);
    page.dispose();
  });
});

describe('ForeignPage summary', () => {
  it('shows totals, the flow series, top movers, heat map and sectors from /api/market/foreign', async () => {
    const fv = (symbol: string, netVal: number): ForeignView => ({
      symbol, ts: 0, totalRoom: 1000, currentRoom: 500, buyVol: 0, sellVol: 0, buyVal: 0, sellVal: 0,
      netVol: 0, netVal, speed: 0, acceleration: 0,
    });
    const reply: ForeignReply = {
      ts: 1796527916132,
      foreign: [fv('GVR', -2876880000), fv('SHB', 13521705000), fv('VIC', 4000000000)],
      totals: { buyVol: 3208100, sellVol: 2367900, buyVal: 128214105000, sellVal: 103798210000, netVol: 840200, netVal: 24415895000 },
      flow: [[1796527800000, 21970000000], [1796527860000, 24415895000]],
      top: { buyers: [{ symbol: 'SHB', netVal: 13521705000, netVol: 910900 }], sellers: [{ symbol: 'GVR', netVal: -2876880000, netVol: -96200 }] },
      sectors: [{ sector: 'Real estate', buyVal: 29566355000, sellVal: 11435870000, netVal: 18130485000, symbols: ['VIC'] }],
    };
    const asked = serve(reply);
    const page = new ForeignPage(new Store(), new Promise(() => {}), () => {});
    document.body.replaceChildren(page.el);
    await until(() => page.el.dataset.ready === '1');
    expect(asked[0]).toBe('/api/market/foreign');
    expect(text('.card-value')).toEqual(['+24.42 bn', '128.21 bn', '103.80 bn', '+840,200']);
    expect(document.querySelector('.flow-chart')!.getAttribute('data-points')).toBe('2');
    expect(text('ol.buyers li')).toEqual(['SHB+13.52 bn']);
    expect(text('ol.sellers li')).toEqual(['GVR-2.88 bn']);
    expect(Array.from(document.querySelectorAll('.heatmap .tile')).map((t) => t.className))
      .toEqual(['tile heat-n1', 'tile heat-p4', 'tile heat-p2']);
    expect(text('.sector .sector-val')).toEqual(['+18.13 bn']);
    page.dispose();
  });
});

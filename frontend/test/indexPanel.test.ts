// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { IndexView } from '../src/api';
import { Store } from '../src/store';
import { IndexPanel } from '../src/views/indexPanel';

const t0 = Date.UTC(2026, 10, 26, 2, 15, 0);

class FakeLineChart {
  static all: FakeLineChart[] = [];
  calls: string[] = [];
  constructor() { FakeLineChart.all.push(this); }
  setData(p: [number, number][]) { this.calls.push(`set ${p.length}`); }
  update(ts: number, v: number) { this.calls.push(`update ${(ts - t0) / 1000}s ${v}`); }
  points() { return []; }
}

const vn30 = (value: number, ts: number, series: [number, number][]): IndexView => ({
  symbol: 'VN30', session: 'continuous', ts, value, prior: 1300, change: 0, changePct: 0, totalQtty: 0, totalValue: 0,
  advances: 0, noChanges: 0, declines: 0, ceilings: 0, floors: 0, series,
});

const settle = async () => { for (let i = 0; i < 5; i++) await Promise.resolve(); };

describe('IndexPanel', () => {
  it('draws a snapshot\'s series whole, even one longer than the series drawn (minutes missed during an outage)', async () => {
    const store = new Store();
    new IndexPanel(store, Promise.resolve({ LineChart: FakeLineChart }) as never);
    store.handle('index', { type: 'snapshot', channel: 'index', ts: t0, data: { indices: [vn30(1301, t0, [[t0, 1301]])] } });
    await settle();
    const chart = FakeLineChart.all.at(-1)!;
    store.handle('index', { type: 'update', channel: 'index', ts: t0, data: { indices: [vn30(1302, t0 + 61_000, [])] } });
    await settle();
    // reconnected after three minutes: the snapshot has minutes this page never saw
    store.handle('index', { type: 'snapshot', channel: 'index', ts: t0, data: { indices: [vn30(1305, t0 + 240_000,
      [[t0, 1301], [t0 + 60_000, 1302], [t0 + 120_000, 1303], [t0 + 180_000, 1304], [t0 + 240_000, 1305]])] } });
    await settle();
    expect(chart.calls).toEqual(['set 1', 'update 61s 1302', 'set 5']);
  });
});

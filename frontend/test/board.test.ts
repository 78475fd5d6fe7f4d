// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { BoardModel, cellTone, matchesFilter, mergeUpdate, sortRows } from '../src/board';
import { BoardView } from '../src/boardView';

const fpt = {
  symbol: 'FPT', ref: 22950, ceiling: 24550, floor: 21350,
  bids: [{ price: 22900, volume: 1000 }, { price: 22850, volume: 2000 }, { price: 22800, volume: 300 }],
  asks: [{ price: 22950, volume: 500 }, { price: 23000, volume: 700 }, { price: 23050, volume: 900 }],
  last: 22900, lastVol: 100, totalVol: 120000, high: 23100, low: 22800,
};

describe('BoardModel', () => {
  it('reports the first values of a new row without a direction', () => {
    const m = new BoardModel();
    const changes = m.apply(fpt);
    expect(changes.find((c) => c.key === 'last')).toEqual({ key: 'last', dir: 0 });
    expect(changes.every((c) => c.dir === 0)).toBe(true);
    expect(m.get('FPT')!.change).toBe(-50);
    expect(m.get('FPT')!.changePct).toBeCloseTo(-0.2179, 3);
  });

  it('reports only the cells that changed, with their direction', () => {
    const m = new BoardModel();
    m.apply(fpt);
    const changes = m.apply({
      symbol: 'FPT', last: 23000, lastVol: 200, totalVol: 120200,
      bids: [{ price: 22950, volume: 400 }, { price: 22850, volume: 2000 }, { price: 22800, volume: 300 }],
    });
    const byKey = Object.fromEntries(changes.map((c) => [c.key, c.dir]));
    expect(byKey).toEqual({ b1p: 1, b1v: -1, last: 1, lastVol: 1, change: 1, changePct: 1, totalVol: 1 });
    expect(m.get('FPT')!.change).toBe(50);
  });

  it('keeps fields that an update does not carry', () => {
    const m = new BoardModel();
    m.apply(fpt);
    // A value appearing where there was none (0) has no direction: nothing to flash.
    expect(m.apply({ symbol: 'FPT', foreignNet: -5000 })).toEqual([{ key: 'foreignNet', dir: 0 }]);
    expect(m.get('FPT')!.asks[2]).toEqual({ price: 23050, volume: 900 });
    expect(m.apply({ symbol: 'FPT', foreignNet: -5000 })).toEqual([]);
    expect(m.apply({ symbol: 'FPT', foreignNet: -7000 })).toEqual([{ key: 'foreignNet', dir: -1 }]);
  });

  it('colours volumes by their level price and the symbol by the last price', () => {
    const m = new BoardModel();
    m.apply({ ...fpt, last: 24550 });
    const row = m.get('FPT')!;
    expect(cellTone(row, 'symbol')).toBe('ceil');
    expect(cellTone(row, 'a1v')).toBe('ref');
    expect(cellTone(row, 'b1v')).toBe('down');
    expect(cellTone(row, 'a3p')).toBe('up');
    expect(cellTone(row, 'floor')).toBe('floor');
  });
});

describe('sorting, filtering and merging', () => {
  const rows = ['VNM', 'FPT', 'ACB'].map((s, i) => {
    const m = new BoardModel();
    m.apply({ symbol: s, ref: 10000, last: 10000 + [300, -200, 300][i] * 1, totalVol: [5, 9, 1][i] });
    return m.get(s)!;
  });
  it('sorts by a numeric column, ties by symbol', () => {
    expect(sortRows(rows, 'change', true).map((r) => r.symbol)).toEqual(['ACB', 'VNM', 'FPT']);
    expect(sortRows(rows, 'totalVol', false).map((r) => r.symbol)).toEqual(['ACB', 'VNM', 'FPT']);
    expect(sortRows(rows, 'symbol', false).map((r) => r.symbol)).toEqual(['ACB', 'FPT', 'VNM']);
  });
  it('filters by symbol, case-insensitively', () => {
    expect(matchesFilter('FPT', 'fp')).toBe(true);
    expect(matchesFilter('FPT', ' ')).toBe(true);
    expect(matchesFilter('VNM', 'fp')).toBe(false);
  });
  it('merges queued updates, later values winning', () => {
    const merged = mergeUpdate({ symbol: 'FPT', last: 1, totalVol: 5 }, { symbol: 'FPT', last: 2, high: 3 });
    expect(merged).toEqual({ symbol: 'FPT', last: 2, totalVol: 5, high: 3 });
  });
});

describe('BoardView', () => {
  let clock = 0;
  function view() {
    const frames: (() => void)[] = [];
    clock = 1000;
    const v = new BoardView({ requestFrame: (cb) => frames.push(cb), now: () => clock });
    document.body.replaceChildren(v.table);
    return { v, frames, run: () => frames.splice(0).forEach((f) => f()) };
  }
  const cell = (sym: string, key: string) =>
    document.querySelector<HTMLElement>(`tr[data-symbol="${sym}"] td[data-key="${key}"]`)!;

  it('shows one row per symbol before any quote', () => {
    const { v } = view();
    v.setSymbols(['ACB', 'FPT', 'VNM']);
    expect(document.querySelectorAll('tbody tr')).toHaveLength(3);
    expect(cell('FPT', 'symbol').textContent).toBe('FPT');
    expect(cell('FPT', 'last').textContent).toBe('');
  });

  it('paints prices in thousands with band colours, once per frame', () => {
    const { v, frames, run } = view();
    v.update(fpt);
    v.update({ symbol: 'FPT', last: 24550 });
    expect(frames).toHaveLength(1);
    expect(cell('FPT', 'last')).toBeNull();
    run();
    expect(cell('FPT', 'last').textContent).toBe('24.55');
    expect(cell('FPT', 'last').className).toBe('ceil');
    expect(cell('FPT', 'ref').textContent).toBe('22.95');
    expect(cell('FPT', 'b1p').textContent).toBe('22.90');
    expect(cell('FPT', 'changePct').textContent).toBe('+6.97%');
  });

  it('flashes a changed cell in the direction of the change, then clears the flash', () => {
    const { v, run } = view();
    v.update(fpt);
    run();
    expect(cell('FPT', 'last').className).toBe('down');
    v.update({ symbol: 'FPT', last: 23000 });
    run();
    expect(cell('FPT', 'last').className).toBe('up fu');
    expect(cell('FPT', 'high').className).toBe('up');
    clock += 400;
    v.update({ symbol: 'FPT', last: 22950 });
    run();
    expect(cell('FPT', 'last').className).toBe('ref fd');
    expect(cell('FPT', 'last').textContent).toBe('22.95');
    // The first flash would be over now, but the second change re-armed it.
    clock += 300;
    v.sweepFlashes();
    expect(cell('FPT', 'last').className).toBe('ref fd');
    clock += 300;
    v.sweepFlashes();
    expect(cell('FPT', 'last').className).toBe('ref');
    expect(cell('FPT', 'change').className).toBe('ref');
    expect(v.paintedCells).toBeGreaterThanOrEqual(4);
  });

  it('paints at most once per minPaintIntervalMs, merging what arrived meanwhile', () => {
    vi.useFakeTimers();
    try {
      const frames: (() => void)[] = [];
      let t = 1000;
      const v = new BoardView({ requestFrame: (cb) => frames.push(cb), now: () => t, minPaintIntervalMs: 100 });
      document.body.replaceChildren(v.table);
      v.update(fpt);
      expect(frames).toHaveLength(1); // the first paint is not delayed
      frames.shift()!();
      t += 30;
      v.update({ symbol: 'FPT', last: 23000 });
      v.update({ symbol: 'FPT', last: 23050 });
      expect(frames).toHaveLength(0);
      vi.advanceTimersByTime(69);
      expect(frames).toHaveLength(0);
      vi.advanceTimersByTime(1);
      expect(frames).toHaveLength(1);
      t += 70;
      frames.shift()!();
      expect(cell('FPT', 'last').textContent).toBe('23.05');
      expect(cell('FPT', 'last').className).toBe('up fu');
    } finally {
      vi.useRealTimers();
    }
  });

  it('sorts by clicking a header and filters rows', () => {
    const { v, run } = view();
    v.update({ symbol: 'ACB', ref: 10000, last: 10100 });
    v.update({ symbol: 'FPT', ref: 10000, last: 10500 });
    v.update({ symbol: 'VNM', ref: 10000, last: 9900 });
    run();
    const header = document.querySelector<HTMLElement>('th[data-key="changePct"]')!;
    header.click();
    expect(v.visibleSymbols()).toEqual(['FPT', 'ACB', 'VNM']);
    expect(header.getAttribute('aria-sort')).toBe('descending');
    header.click();
    expect(v.visibleSymbols()).toEqual(['VNM', 'ACB', 'FPT']);
    expect(header.getAttribute('aria-sort')).toBe('ascending');
    header.click();
    expect(v.visibleSymbols()).toEqual(['ACB', 'FPT', 'VNM']);
    expect(header.hasAttribute('aria-sort')).toBe(false);
    v.setFilter('n');
    expect(v.visibleSymbols()).toEqual(['VNM']);
  });
});

describe('BoardView sparkline', () => {
  it('starts from the server list, extends it with each traded price and redraws the polyline', () => {
    const view = new BoardView({ requestFrame: (cb) => cb(), now: () => 0 });
    view.setSymbols(['FPT']);
    view.update({ ...fpt, last: 22900 });
    view.setSparkline('FPT', [22800, 23000, 22900]);
    expect(view.sparkline('FPT')).toEqual([22800, 23000, 22900]);
    const line = () => view.table.querySelector('tr[data-symbol="FPT"] td[data-key="spark"] polyline')!.getAttribute('points');
    // 44 x 16 box, 2 px free: 23000 at the top (y 2), 22800 at the bottom (y 14)
    expect(line()).toBe('0,14 22,2 44,8');
    view.pushSparkPrice('FPT', 22900); // same price: nothing to add
    view.pushSparkPrice('FPT', 22850);
    expect(view.sparkline('FPT')).toEqual([22800, 23000, 22900, 22850]);
    expect(line()).toBe('0,14 14.7,2 29.3,8 44,11');
    const svg = view.table.querySelector('tr[data-symbol="FPT"] svg')!;
    expect(svg.getAttribute('class')).toBe('spark down'); // ends below the reference (22950)
    expect(svg.getAttribute('data-points')).toBe('4');
  });
});

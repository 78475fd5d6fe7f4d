import { describe, expect, it } from 'vitest';
import { appendDistinct, buyPressure, sparkPoints } from '../src/sparkline';
import { BoardModel, cellTone, pressureOf, sortRows } from '../src/board';

describe('sparkline', () => {
  it('keeps the last distinct prices, at most 50', () => {
    const pts: number[] = [];
    expect(appendDistinct(pts, 22950)).toBe(true);
    expect(appendDistinct(pts, 22950)).toBe(false);
    expect(appendDistinct(pts, 0)).toBe(false);
    expect(appendDistinct(pts, 23000)).toBe(true);
    expect(pts).toEqual([22950, 23000]);
    const many: number[] = [];
    for (let i = 1; i <= 60; i++) appendDistinct(many, 1000 + i);
    expect(many).toHaveLength(50);
    expect(many[0]).toBe(1011);
    expect(many[49]).toBe(1060);
  });

  it('draws the highest price at the top of the box, x evenly spread', () => {
    // 3 prices in 40 x 20 with 2 px free: 100 at the bottom (y 18), 300 at the top (y 2)
    expect(sparkPoints([100, 300, 200], 40, 20, 2)).toBe('0,18 20,2 40,10');
    expect(sparkPoints([5, 5], 10, 8)).toBe('0,4 10,4');
    expect(sparkPoints([5], 10, 8)).toBe('');
    expect(sparkPoints([], 10, 8)).toBe('');
  });
});

describe('buy pressure', () => {
  it('is active buy volume in percent of the classified volume, green above 50 %', () => {
    expect(buyPressure(81700, 77700, 0)).toBeCloseTo(51.2547, 4);
    expect(buyPressure(0, 0, 0)).toBeNull();
    const m = new BoardModel();
    m.apply({ symbol: 'ACB', buyVol: 81700, sellVol: 77700, neutralVol: 0 });
    m.apply({ symbol: 'FPT', buyVol: 300, sellVol: 500, neutralVol: 200 });
    m.apply({ symbol: 'HPG', buyVol: 100, sellVol: 50, neutralVol: 50 });
    m.apply({ symbol: 'VNM' });
    expect(pressureOf(m.get('ACB')!)).toBe(51.25);
    expect(pressureOf(m.get('FPT')!)).toBe(30);
    expect(pressureOf(m.get('VNM')!)).toBe(0);
    expect(cellTone(m.get('ACB')!, 'pressure')).toBe('up');
    expect(cellTone(m.get('FPT')!, 'pressure')).toBe('down');
    expect(cellTone(m.get('HPG')!, 'pressure')).toBe('ref');
    expect(cellTone(m.get('VNM')!, 'pressure')).toBe('none');
    expect(sortRows(m.all(), 'pressure', true).map((r) => r.symbol)).toEqual(['ACB', 'HPG', 'FPT', 'VNM']);
  });
});

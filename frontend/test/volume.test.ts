// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { SessionSplit, VolumeStats } from '../src/api';
import { barHeights, buySellRatio, sessionRows, sortVolume, stackSegments, volumeShares } from '../src/volume';
import { stackBar } from '../src/views/volumePage';

const split = (buyVol: number, sellVol: number, neutralVol: number): SessionSplit =>
  ({ buyVol, sellVol, neutralVol, buyVal: buyVol * 10, sellVal: sellVol * 10, neutralVal: neutralVol * 10 });

function stats(symbol: string, buy: number, sell: number, neutral: number, ato = 0, atc = 0): VolumeStats {
  const totalVol = buy + sell + neutral;
  return {
    symbol, totalVol, activeBuyVol: buy, activeSellVol: sell, neutralVol: neutral,
    sessions: { ato, continuous: totalVol - ato - atc, atc }, buySellRatio: sell ? buy / sell : 0,
    activeBuyVal: buy * 10, activeSellVal: sell * 10, neutralVal: neutral * 10,
    buyPressure: buy + sell ? (buy / (buy + sell)) * 100 : 0,
    bySession: { ato: split(0, 0, ato), continuous: split(buy, sell, neutral - ato - atc), atc: split(0, 0, atc) },
  };
}

describe('volume shares and ratio', () => {
  it('splits the classified volume into percentages', () => {
    expect(volumeShares(600, 300, 100)).toEqual({ buy: 60, sell: 30, neutral: 10 });
    expect(volumeShares(1, 1, 2)).toEqual({ buy: 25, sell: 25, neutral: 50 });
  });
  it('is all zero without volume', () => {
    expect(volumeShares(0, 0, 0)).toEqual({ buy: 0, sell: 0, neutral: 0 });
  });
  it('gives buy / sell, and null when nothing was sold actively', () => {
    expect(buySellRatio(750, 500)).toBe(1.5);
    expect(buySellRatio(0, 400)).toBe(0);
    expect(buySellRatio(750, 0)).toBeNull();
  });
});

describe('session rows', () => {
  it('lists ATO, continuous, ATC in order with totals', () => {
    const rows = sessionRows({ atc: split(0, 0, 70), ato: split(0, 0, 40), continuous: split(500, 300, 10) });
    expect(rows.map((r) => [r.session, r.total])).toEqual([['ato', 40], ['continuous', 810], ['atc', 70]]);
    expect(rows[1].buyVol).toBe(500);
  });
  it('fills a missing split with zeros', () => {
    expect(sessionRows(undefined).map((r) => r.total)).toEqual([0, 0, 0]);
  });
});

describe('sortVolume', () => {
  const list = [stats('VNM', 100, 300, 0, 50), stats('ACB', 500, 100, 20, 20), stats('FPT', 300, 100, 200, 80)];
  it('sorts by a number, descending or ascending, without touching the input', () => {
    expect(sortVolume(list, 'totalVol', true).map((s) => s.symbol)).toEqual(['ACB', 'FPT', 'VNM']);
    expect(sortVolume(list, 'activeSellVol', false).map((s) => s.symbol)).toEqual(['ACB', 'FPT', 'VNM']);
    expect(list.map((s) => s.symbol)).toEqual(['VNM', 'ACB', 'FPT']);
  });
  it('sorts by a session volume and keeps ties in symbol order', () => {
    expect(sortVolume(list, 'ato', true).map((s) => s.symbol)).toEqual(['FPT', 'VNM', 'ACB']);
    const tied = [stats('VNM', 1, 1, 0), stats('ACB', 1, 1, 0), stats('FPT', 1, 1, 0)];
    expect(sortVolume(tied, 'buyPressure', true).map((s) => s.symbol)).toEqual(['ACB', 'FPT', 'VNM']);
  });
  it('sorts by symbol both ways', () => {
    expect(sortVolume(list, 'symbol', false).map((s) => s.symbol)).toEqual(['ACB', 'FPT', 'VNM']);
    expect(sortVolume(list, 'symbol', true).map((s) => s.symbol)).toEqual(['VNM', 'FPT', 'ACB']);
  });
});

describe('chart geometry', () => {
  it('lays a 100 % stacked bar out in proportion, to 0.1 px', () => {
    expect(stackSegments([600, 300, 100], 300)).toEqual([{ x: 0, w: 180 }, { x: 180, w: 90 }, { x: 270, w: 30 }]);
    expect(stackSegments([1, 1, 1], 100)).toEqual([{ x: 0, w: 33.3 }, { x: 33.3, w: 33.3 }, { x: 66.7, w: 33.3 }]);
    expect(stackSegments([0, 0, 0], 100)).toEqual([{ x: 0, w: 0 }, { x: 0, w: 0 }, { x: 0, w: 0 }]);
    expect(stackSegments([-5, 10], 50)).toEqual([{ x: 0, w: 0 }, { x: 0, w: 50 }]);
  });
  it('scales bar heights to the largest value', () => {
    expect(barHeights([50, 200, 100, 0], 94)).toEqual([23.5, 94, 47, 0]);
    expect(barHeights([0, 0], 94)).toEqual([0, 0]);
  });
  it('draws only the non-empty segments of a stack bar', () => {
    const svg = stackBar(600, 0, 400, 120, 10);
    const rects = Array.from(svg.querySelectorAll('rect')).map((r) => [r.getAttribute('class'), r.getAttribute('x'), r.getAttribute('width')]);
    expect(rects).toEqual([['seg-buy', '0', '72'], ['seg-neutral', '72', '48']]);
    expect(svg.getAttribute('aria-label')).toBe('active buy 600, active sell 0, neutral 400');
  });
});

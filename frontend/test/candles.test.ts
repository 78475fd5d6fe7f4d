import { describe, expect, it } from 'vitest';
import type { Candle, StockView } from '../src/api';
import { bucketSeries, foldBucketValue, foldSeriesPoint, foldTrade, pushNewest, tradeFromQuotes, volumeSplit } from '../src/candles';

const t0 = Date.UTC(2026, 10, 26, 2, 15, 0); // 09:15 Vietnam time

function quote(totalVol: number, last: number, ts: number, side: 'buy' | 'sell' | 'neutral' = 'buy'): StockView {
  return { symbol: 'FPT', ts, last, totalVol, lastSide: side } as StockView;
}

describe('trades from coalesced quotes', () => {
  it('is the growth of the day volume at the last price', () => {
    expect(tradeFromQuotes(1000, quote(1300, 22950, t0, 'sell'))).toEqual(
      { ts: t0, price: 22950, volume: 300, side: 'sell', buyVolume: 0, sellVolume: 300 });
  });
  it('splits coalesced trades by the growth of active buy and sell volume', () => {
    const q = { ...quote(1300, 22950, t0, 'sell'), activeBuyVol: 700, activeSellVol: 450 };
    // 300 traded: 200 bought actively, 50 sold actively, 50 neutral (e.g. an auction match)
    expect(tradeFromQuotes(1000, q, { activeBuyVol: 500, activeSellVol: 400 })).toEqual(
      { ts: t0, price: 22950, volume: 300, side: 'sell', buyVolume: 200, sellVolume: 50 });
    // never more than the volume, never negative (a new day reset the totals)
    expect(tradeFromQuotes(1000, { ...q, activeBuyVol: 900, activeSellVol: 900 }, { activeBuyVol: 500, activeSellVol: 400 }))
      .toMatchObject({ buyVolume: 300, sellVolume: 0 });
    expect(tradeFromQuotes(1000, q, { activeBuyVol: 5000, activeSellVol: 5000 })).toMatchObject({ buyVolume: 0, sellVolume: 0 });
  });
  it('needs a previous quote, a price and growth', () => {
    expect(tradeFromQuotes(undefined, quote(1300, 22950, t0))).toBeNull();
    expect(tradeFromQuotes(1300, quote(1300, 22950, t0))).toBeNull();
    expect(tradeFromQuotes(1000, quote(1300, 0, t0))).toBeNull();
    // A new day resets the volume: no negative trade.
    expect(tradeFromQuotes(5000, quote(100, 22950, t0))).toBeNull();
  });
});

describe('folding trades into 1-minute candles', () => {
  it('updates the current minute and opens the next one', () => {
    const candles: Candle[] = [{ t: t0, open: 100, high: 110, low: 95, close: 105, volume: 10 }];
    expect(foldTrade(candles, { ts: t0 + 30_000, price: 120, volume: 5, side: 'buy', buyVolume: 5, sellVolume: 0 })).toEqual(
      { t: t0, open: 100, high: 120, low: 95, close: 120, volume: 15, buyVolume: 5, sellVolume: 0 });
    foldTrade(candles, { ts: t0 + 59_999, price: 90, volume: 1, side: 'sell', buyVolume: 0, sellVolume: 1 });
    expect(candles[0]).toEqual({ t: t0, open: 100, high: 120, low: 90, close: 90, volume: 16, buyVolume: 5, sellVolume: 1 });
    foldTrade(candles, { ts: t0 + 60_000, price: 91, volume: 2, side: 'buy', buyVolume: 2, sellVolume: 0 });
    expect(candles).toHaveLength(2);
    expect(candles[1]).toEqual({ t: t0 + 60_000, open: 91, high: 91, low: 91, close: 91, volume: 2, buyVolume: 2, sellVolume: 0 });
  });
  it('ignores trades older than the last candle', () => {
    const candles: Candle[] = [{ t: t0, open: 1, high: 1, low: 1, close: 1, volume: 1 }];
    expect(foldTrade(candles, { ts: t0 - 1, price: 5, volume: 5, side: null })).toBeNull();
    expect(candles).toHaveLength(1);
  });
  it('starts from an empty history', () => {
    const candles: Candle[] = [];
    foldTrade(candles, { ts: t0 + 5, price: 7, volume: 3, side: 'neutral' });
    expect(candles).toEqual([{ t: t0, open: 7, high: 7, low: 7, close: 7, volume: 3, buyVolume: 0, sellVolume: 0 }]);
  });
});

describe('longer candles', () => {
  it('folds into 5-minute and day candles aligned on Vietnam time', () => {
    const five: Candle[] = [];
    foldTrade(five, { ts: t0 + 4 * 60_000, price: 10, volume: 1, side: 'buy' }, 300_000);
    foldTrade(five, { ts: t0 + 5 * 60_000 - 1, price: 12, volume: 1, side: 'buy' }, 300_000);
    foldTrade(five, { ts: t0 + 5 * 60_000, price: 11, volume: 2, side: 'sell' }, 300_000);
    // 09:15 Vietnam time starts a 5-minute bucket; 09:20 starts the next.
    expect(five).toEqual([
      { t: t0, open: 10, high: 12, low: 10, close: 12, volume: 2, buyVolume: 0, sellVolume: 0 },
      { t: t0 + 300_000, open: 11, high: 11, low: 11, close: 11, volume: 2, buyVolume: 0, sellVolume: 0 },
    ]);
    const days: Candle[] = [];
    foldTrade(days, { ts: t0, price: 5, volume: 1, side: null }, 86_400_000);
    // Vietnam midnight of 26/11/2026 is 17:00 UTC on the 25th.
    expect(days[0].t).toBe(Date.UTC(2026, 10, 25, 17, 0, 0));
  });
});

describe('the volume split of a bar', () => {
  it('is active buy, active sell and the neutral rest', () => {
    expect(volumeSplit({ t: t0, open: 1, high: 1, low: 1, close: 1, volume: 100, buyVolume: 60, sellVolume: 30 }))
      .toEqual({ buy: 60, sell: 30, neutral: 10 });
    // stored before the split existed: all neutral
    expect(volumeSplit({ t: t0, open: 1, high: 1, low: 1, close: 1, volume: 100 })).toEqual({ buy: 0, sell: 0, neutral: 100 });
    // an inconsistent bar never gives a negative neutral part
    expect(volumeSplit({ t: t0, open: 1, high: 1, low: 1, close: 1, volume: 10, buyVolume: 8, sellVolume: 8 })).toEqual({ buy: 8, sell: 8, neutral: 0 });
  });
});

describe('bucketed value series (VN30 overlay, basis bars)', () => {
  it('keeps the last value per bucket and ignores older buckets', () => {
    const s: [number, number][] = [];
    expect(foldBucketValue(s, t0 + 10_000, 1300, 300_000)).toEqual([t0, 1300]);
    foldBucketValue(s, t0 + 299_999, 1301, 300_000);
    foldBucketValue(s, t0 + 300_000, 1302, 300_000);
    expect(foldBucketValue(s, t0 - 1, 1, 300_000)).toBeNull();
    expect(s).toEqual([[t0, 1301], [t0 + 300_000, 1302]]);
  });
  it('re-buckets a per-minute series', () => {
    const minutes: [number, number][] = [0, 1, 2, 3, 4, 5, 6].map((i) => [t0 + i * 60_000, 1300 + i]);
    expect(bucketSeries(minutes, 300_000)).toEqual([[t0, 1304], [t0 + 300_000, 1306]]);
    expect(bucketSeries(minutes, 60_000)).toEqual(minutes);
  });
});

describe('index series and trade lists', () => {
  it('keeps one point per minute, the latest value winning', () => {
    const s: [number, number][] = [[t0, 1300]];
    foldSeriesPoint(s, t0 + 10_000, 1301);
    foldSeriesPoint(s, t0 + 60_000, 1302);
    foldSeriesPoint(s, t0 - 60_000, 999);
    expect(s).toEqual([[t0 + 10_000, 1301], [t0 + 60_000, 1302]]);
  });
  it('keeps the newest entries first', () => {
    const l = [2, 1];
    pushNewest(l, 3, 2);
    expect(l).toEqual([3, 2]);
  });
});

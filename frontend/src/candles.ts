/**
 * Live candle and trade bookkeeping for the symbol view, kept apart from the chart so it can be
 * tested: the WebSocket gives coalesced quotes (latest state per symbol); a growing day volume
 * means trades happened, and they fold into the 1-minute candle they belong to.
 */
import type { Candle, Side, StockView } from './api';
import { bucketStart, minuteStart } from './format';

export interface LiveTrade {
  ts: number;
  price: number;
  volume: number;
  side: Side;
  /** Active buy / active sell part of volume (the rest is neutral); absent: unknown (0). */
  buyVolume?: number;
  sellVolume?: number;
}

/** The day's active buy and sell volume of a quote (what the split of a trade is taken from). */
export type SplitTotals = Pick<StockView, 'activeBuyVol' | 'activeSellVol'>;

/**
 * The trade implied by a quote update: day volume grew since the previous quote. Several trades
 * coalesced into one update show up as one trade of their total volume at the last price. Its
 * active buy / sell split is the growth of the day's active buy and sell volume since `prevSplit`
 * (exact for coalesced trades); without it, the whole volume goes to the last trade's side.
 */
export function tradeFromQuotes(prevTotalVol: number | undefined, q: StockView, prevSplit?: SplitTotals): LiveTrade | null {
  if (prevTotalVol === undefined || !(q.last > 0)) return null;
  const volume = q.totalVol - prevTotalVol;
  if (volume <= 0) return null;
  let buyVolume: number;
  let sellVolume: number;
  if (prevSplit && Number.isFinite(q.activeBuyVol) && Number.isFinite(q.activeSellVol)) {
    buyVolume = Math.min(volume, Math.max(0, q.activeBuyVol - prevSplit.activeBuyVol));
    sellVolume = Math.min(volume - buyVolume, Math.max(0, q.activeSellVol - prevSplit.activeSellVol));
  } else {
    buyVolume = q.lastSide === 'buy' ? volume : 0;
    sellVolume = q.lastSide === 'sell' ? volume : 0;
  }
  return { ts: q.ts, price: q.last, volume, side: q.lastSide, buyVolume, sellVolume };
}

/** A candle's volume as active buy, active sell and the neutral rest (never negative). */
export function volumeSplit(c: Candle): { buy: number; sell: number; neutral: number } {
  const buy = Math.max(0, c.buyVolume ?? 0);
  const sell = Math.max(0, c.sellVolume ?? 0);
  return { buy, sell, neutral: Math.max(0, c.volume - buy - sell) };
}

/**
 * Folds a trade into the candle list (oldest first) of candles `sizeMs` long: updates the last
 * candle when the trade falls in it, appends a new one for a later bucket, ignores trades older than
 * the last candle. Returns the candle that changed, or null.
 */
export function foldTrade(candles: Candle[], trade: LiveTrade, sizeMs = 60_000): Candle | null {
  const last = candles[candles.length - 1];
  if (last && trade.ts < last.t) return null;
  if (last && trade.ts < last.t + sizeMs) {
    last.high = Math.max(last.high, trade.price);
    last.low = Math.min(last.low, trade.price);
    last.close = trade.price;
    last.volume += trade.volume;
    last.buyVolume = (last.buyVolume ?? 0) + (trade.buyVolume ?? 0);
    last.sellVolume = (last.sellVolume ?? 0) + (trade.sellVolume ?? 0);
    return last;
  }
  const t = bucketStart(trade.ts, sizeMs);
  const c: Candle = {
    t, open: trade.price, high: trade.price, low: trade.price, close: trade.price, volume: trade.volume,
    buyVolume: trade.buyVolume ?? 0, sellVolume: trade.sellVolume ?? 0,
  };
  candles.push(c);
  return c;
}

/** Adds a point to a per-minute series: the last value within a minute replaces the previous one. */
export function foldSeriesPoint(series: [number, number][], ts: number, value: number): void {
  const t = minuteStart(ts);
  const last = series[series.length - 1];
  if (last && minuteStart(last[0]) === t) {
    last[0] = ts;
    last[1] = value;
  } else if (!last || t > minuteStart(last[0])) {
    series.push([ts, value]);
  }
}

/**
 * Adds a value to a series of `sizeMs` buckets ([bucketStartMs, value], oldest first, buckets on
 * Vietnam midnight like the candles): the last value of a bucket wins, a value for a bucket older
 * than the last one is ignored. Returns the point that changed, or null.
 */
export function foldBucketValue(series: [number, number][], ts: number, value: number, sizeMs: number): [number, number] | null {
  const t = bucketStart(ts, sizeMs);
  const last = series[series.length - 1];
  if (last && t < last[0]) return null;
  if (last && t === last[0]) {
    last[1] = value;
    return last;
  }
  const p: [number, number] = [t, value];
  series.push(p);
  return p;
}

/** Re-buckets a per-minute series ([ts, value], oldest first) into `sizeMs` buckets, last value winning. */
export function bucketSeries(points: readonly [number, number][], sizeMs: number): [number, number][] {
  const out: [number, number][] = [];
  for (const [t, v] of points) foldBucketValue(out, t, v, sizeMs);
  return out;
}

/** Keeps the newest `max` entries of a newest-first list. */
export function pushNewest<T>(list: T[], item: T, max: number): void {
  list.unshift(item);
  if (list.length > max) list.length = max;
}

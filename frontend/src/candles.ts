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
}

/**
 * The trade implied by a quote update: day volume grew since the previous quote. Several trades
 * coalesced into one update show up as one trade of their total volume at the last price.
 */
export function tradeFromQuotes(prevTotalVol: number | undefined, q: StockView): LiveTrade | null {
  if (prevTotalVol === undefined || !(q.last > 0)) return null;
  const volume = q.totalVol - prevTotalVol;
  if (volume <= 0) return null;
  return { ts: q.ts, price: q.last, volume, side: q.lastSide };
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
    return last;
  }
  const t = bucketStart(trade.ts, sizeMs);
  const c: Candle = { t, open: trade.price, high: trade.price, low: trade.price, close: trade.price, volume: trade.volume };
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

/** Keeps the newest `max` entries of a newest-first list. */
export function pushNewest<T>(list: T[], item: T, max: number): void {
  list.unshift(item);
  if (list.length > max) list.length = max;
}

/**
 * Board sparklines: the last SPARK_POINTS distinct trade prices of a stock (as the server's
 * /api/market/sparklines keeps them) and their SVG polyline. Pure, no DOM.
 */

export const SPARK_POINTS = 50;

/** Appends a price unless it equals the last one; keeps the newest `max`. Returns whether it changed. */
export function appendDistinct(points: number[], price: number, max = SPARK_POINTS): boolean {
  if (!(price > 0) || points[points.length - 1] === price) return false;
  points.push(price);
  if (points.length > max) points.splice(0, points.length - max);
  return true;
}

/**
 * The `points` attribute of a polyline drawing `prices` (oldest first) in a width x height box with
 * `pad` pixels kept free at the top and bottom: x evenly spread, the highest price at the top. A
 * flat series is drawn at mid height; fewer than two prices draw nothing.
 */
export function sparkPoints(prices: readonly number[], width: number, height: number, pad = 1): string {
  if (prices.length < 2) return '';
  let lo = Infinity, hi = -Infinity;
  for (const p of prices) {
    if (p < lo) lo = p;
    if (p > hi) hi = p;
  }
  const step = width / (prices.length - 1);
  const span = hi - lo;
  const inner = height - 2 * pad;
  const out: string[] = [];
  prices.forEach((p, i) => {
    const x = i * step;
    const y = span === 0 ? height / 2 : pad + ((hi - p) / span) * inner;
    out.push(`${round1(x)},${round1(y)}`);
  });
  return out.join(' ');
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

/**
 * Buy pressure: active buy volume in percent of the classified volume (buy + sell + neutral), as
 * the server's VolumeStats.buyPressure; null before the first trade.
 */
export function buyPressure(buyVol: number, sellVol: number, neutralVol: number): number | null {
  const total = buyVol + sellVol + neutralVol;
  return total > 0 ? (buyVol / total) * 100 : null;
}

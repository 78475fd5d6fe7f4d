/**
 * The derivatives view's pure parts: how the server's convergence estimate reads, and the basis
 * series kept current between two reads of /api/market/derivatives. No DOM.
 */
import type { Convergence } from './api';

export interface ConvergenceText { label: string; detail: string; tone: 'up' | 'down' | '' }

/**
 * The indicator for the server's convergence estimate (the least-squares slope of |basis| in points
 * per minute over the last minute points): converging reads green, diverging red.
 */
export function convergenceText(c: Convergence | null | undefined): ConvergenceText {
  if (!c || c.state === 'unknown') {
    const n = c?.points ?? 0;
    return { label: 'Unknown', detail: `needs 3 minutes of basis, has ${n}`, tone: '' };
  }
  const slope = (c.slope > 0 ? '+' : c.slope < 0 ? '-' : '') + Math.abs(c.slope).toFixed(2);
  const detail = `|basis| ${slope} points/min over the last ${c.points} min`;
  switch (c.state) {
    case 'converging': return { label: 'Converging', detail, tone: 'up' };
    case 'diverging': return { label: 'Diverging', detail, tone: 'down' };
    default: return { label: 'Steady', detail, tone: '' };
  }
}

/**
 * Puts a live basis value into a per-minute series ([minuteStartMs, basis], oldest first): it
 * replaces the point of its minute or follows the last one; a value older than the last minute is
 * ignored. Returns a new array.
 */
export function withLiveBasis(series: readonly [number, number][], ts: number, basis: number): [number, number][] {
  const minute = Math.floor(ts / 60_000) * 60_000;
  const out = series.slice() as [number, number][];
  const last = out[out.length - 1];
  if (last && minute < last[0]) return out;
  if (last && minute === last[0]) out[out.length - 1] = [minute, basis];
  else out.push([minute, basis]);
  return out;
}

/**
 * Volume analysis: shares of active buy / active sell / neutral volume, the session split and the
 * sorting of the detail table; plus the geometry of the small SVG bar charts. Pure, no DOM.
 */
import type { SessionSplit, VolumeSession, VolumeStats } from './api';

export const VOLUME_SESSIONS: readonly VolumeSession[] = ['ato', 'continuous', 'atc'];
export const VOLUME_SESSION_LABEL: Record<VolumeSession, string> = { ato: 'ATO', continuous: 'Continuous', atc: 'ATC' };

export interface Shares { buy: number; sell: number; neutral: number }

/** Percent of the classified volume (buy + sell + neutral) each part is; all 0 without volume. */
export function volumeShares(buy: number, sell: number, neutral: number): Shares {
  const total = buy + sell + neutral;
  if (!(total > 0)) return { buy: 0, sell: 0, neutral: 0 };
  return { buy: (buy / total) * 100, sell: (sell / total) * 100, neutral: (neutral / total) * 100 };
}

/** Active buy / active sell volume; null when nothing was sold actively. */
export function buySellRatio(buy: number, sell: number): number | null {
  return sell > 0 ? buy / sell : null;
}

export interface SessionRow extends SessionSplit { session: VolumeSession; total: number }

/** The market's (or a stock's) volume per session, in session order. */
export function sessionRows(bySession: Record<VolumeSession, SessionSplit> | undefined): SessionRow[] {
  return VOLUME_SESSIONS.map((session) => {
    const s = bySession?.[session] ?? { buyVol: 0, sellVol: 0, neutralVol: 0, buyVal: 0, sellVal: 0, neutralVal: 0 };
    return { session, ...s, total: s.buyVol + s.sellVol + s.neutralVol };
  });
}

export type VolumeSortKey = 'symbol' | 'totalVol' | 'activeBuyVol' | 'activeSellVol' | 'neutralVol' | 'buyPressure'
  | 'buySellRatio' | 'ato' | 'continuous' | 'atc' | 'activeBuyVal' | 'activeSellVal';

function sortValue(s: VolumeStats, key: VolumeSortKey): number {
  switch (key) {
    case 'ato': case 'continuous': case 'atc': return s.sessions[key];
    case 'symbol': return 0;
    default: return s[key];
  }
}

/** A sorted copy; ties (and the symbol key) in symbol order. */
export function sortVolume(list: readonly VolumeStats[], key: VolumeSortKey, descending: boolean): VolumeStats[] {
  const sign = descending ? -1 : 1;
  return [...list].sort((a, b) => {
    if (key === 'symbol') return sign * a.symbol.localeCompare(b.symbol);
    const d = sortValue(a, key) - sortValue(b, key);
    return d !== 0 ? sign * d : a.symbol.localeCompare(b.symbol);
  });
}

export interface Segment { x: number; w: number }

/**
 * Lays values side by side in `width` pixels in proportion to their sum (a 100 % stacked bar), each
 * x and width rounded to 0.1 px; all zero-width when the sum is 0.
 */
export function stackSegments(values: readonly number[], width: number): Segment[] {
  const total = values.reduce((a, v) => a + Math.max(0, v), 0);
  let x = 0;
  return values.map((v) => {
    const w = total > 0 ? (Math.max(0, v) / total) * width : 0;
    const seg = { x: r1(x), w: r1(w) };
    x += w;
    return seg;
  });
}

/** Bar heights for values against the largest, in `height` pixels (0.1 px). */
export function barHeights(values: readonly number[], height: number): number[] {
  const max = Math.max(0, ...values);
  return values.map((v) => (max > 0 ? r1((Math.max(0, v) / max) * height) : 0));
}

function r1(v: number): number {
  return Math.round(v * 10) / 10;
}

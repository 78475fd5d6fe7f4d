/**
 * What the symbol chart draws besides the candles: the VN30 index per bar (an overlay line) and, for
 * a futures contract, its basis per bar (a histogram). Both come from the history API for the
 * chart's interval (`/api/history/index/VN30/candles`, `/api/history/{contract}/basis`), with the
 * server's intraday series as the fallback when the history is unavailable (`IndexView.series`,
 * `/api/market/derivatives`), and are kept live from the index and futures streams.
 */
import { getJson, type DerivativesReply } from '../api';
import { bucketSeries, foldBucketValue } from '../candles';
import type { CandleChart } from '../charts';
import { INTERVAL_MS, type Interval } from '../format';
import type { Store } from '../store';

type Series = [number, number][];

/** `history` followed by the points of `recent` that are newer than its last one. */
export function appendNewer(history: Series, recent: readonly [number, number][]): Series {
  const lastT = history.length ? history[history.length - 1][0] : -Infinity;
  return [...history, ...recent.filter(([t]) => t > lastT).map(([t, v]) => [t, v] as [number, number])];
}

export class ChartOverlays {
  private index: Series = [];
  /** The index history of the interval, or null when it could not be read (then today's series alone). */
  private indexHistory: Series | null = null;
  private basis: Series = [];
  private sizeMs = 60_000;
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly symbol: string,
    private readonly isFutures: boolean,
    private readonly store: Store,
    private readonly chart: () => CandleChart | null,
    /** Called after the chart's overlay or basis changed. */
    private readonly changed: () => void = () => {},
  ) {
    this.offs.push(store.onIndices.on((list) => {
      for (const i of list) if (i.symbol === 'VN30' && i.value > 0) this.liveIndex(i.ts, i.value);
    }));
    // The server's day series arrives with the index stream's snapshot (first data, a reconnect):
    // it may hold minutes the overlay lacks (a page opened directly, no history).
    this.offs.push(store.onSnapshot.on((ch) => {
      if (ch !== 'index') return;
      this.index = appendNewer(this.indexHistory ?? [], this.todayIndex());
      this.apply();
    }));
    if (isFutures) {
      this.offs.push(store.onFutures.on((f) => {
        if (f.symbol === symbol && f.last > 0 && f.indexValue > 0) this.liveBasis(f.ts, f.basis);
      }));
    }
  }

  /** Loads both series for an interval and range (what the candles show). */
  async load(interval: Interval, from: number, to: number, signal: AbortSignal): Promise<void> {
    this.sizeMs = INTERVAL_MS[interval];
    this.index = [];
    this.basis = [];
    const range = `interval=${interval}&from=${from}&to=${to}`;
    this.indexHistory = null;
    const [index, basis] = await Promise.all([
      this.loadIndex(range, signal),
      this.isFutures ? this.loadBasis(range, interval, signal) : Promise.resolve([] as Series),
    ]);
    if (signal.aborted) return;
    this.index = index;
    this.basis = basis;
    this.apply();
  }

  private todayIndex(): Series {
    return bucketSeries(this.store.indices.get('VN30')?.series ?? [], this.sizeMs);
  }

  private async loadIndex(range: string, signal: AbortSignal): Promise<Series> {
    try {
      const r = await getJson<{ candles: { t: number; close: number }[] }>(`/api/history/index/VN30/candles?${range}`, signal);
      const history: Series = r.candles.map((c) => [c.t, c.close]);
      if (!signal.aborted) this.indexHistory = history;
      return appendNewer(history, this.todayIndex());
    } catch {
      return this.todayIndex(); // no database: today's series as the server keeps it
    }
  }

  private async loadBasis(range: string, interval: Interval, signal: AbortSignal): Promise<Series> {
    const enc = encodeURIComponent(this.symbol);
    let today: Series = [];
    try {
      const d = await getJson<DerivativesReply>('/api/market/derivatives', signal);
      if (d.derivatives?.symbol === this.symbol) today = bucketSeries(d.derivatives.basisSeries, INTERVAL_MS[interval]);
    } catch {
      // the history below may still answer
    }
    try {
      const r = await getJson<{ points: { t: number; basis: number }[] }>(`/api/history/${enc}/basis?${range}`, signal);
      return appendNewer(r.points.map((p) => [p.t, p.basis]), today);
    } catch {
      return today;
    }
  }

  /** Puts the series held on the chart (a new chart, or after a load). */
  apply(): void {
    const c = this.chart();
    if (!c) return;
    c.setOverlay(this.index);
    if (this.isFutures) c.setBasis(this.basis);
    this.changed();
  }

  private liveIndex(ts: number, value: number): void {
    this.live(this.index, ts, value, (c, t, v) => c.updateOverlay(t, v));
  }

  private liveBasis(ts: number, basis: number): void {
    this.live(this.basis, ts, basis, (c, t, v) => c.updateBasis(t, v));
  }

  /** Folds a live value into the bar it belongs to and draws that bar. */
  private live(series: Series, ts: number, value: number, draw: (c: CandleChart, t: number, v: number) => void): void {
    const p = foldBucketValue(series, ts, value, this.sizeMs);
    const c = this.chart();
    if (p && c) {
      draw(c, p[0], p[1]);
      this.changed();
    }
  }

  dispose(): void {
    this.offs.forEach((off) => off());
  }
}

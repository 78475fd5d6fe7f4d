/**
 * The chart library is loaded on demand (dynamic import of this module) so the board paints before
 * the charts' code has arrived. Times on every axis are Vietnam wall-clock time (see toChartTime).
 */
import {
  CandlestickSeries, ColorType, createChart, HistogramSeries, LineSeries,
  type IChartApi, type ISeriesApi, type UTCTimestamp,
} from 'lightweight-charts';
import type { Candle } from './api';
import { volumeSplit } from './candles';
import { minuteStart, toChartTime } from './format';

const UP = '#1fbf75';
const DOWN = '#f0443a';

function baseChart(el: HTMLElement, compact: boolean): IChartApi {
  return createChart(el, {
    autoSize: true,
    layout: {
      background: { type: ColorType.Solid, color: 'transparent' },
      textColor: '#9aa4b2',
      fontSize: compact ? 10 : 12,
      attributionLogo: !compact,
    },
    grid: {
      vertLines: { color: compact ? 'transparent' : '#222a35' },
      horzLines: { color: compact ? 'transparent' : '#222a35' },
    },
    rightPriceScale: { borderColor: '#2b3442', visible: !compact },
    timeScale: { borderColor: '#2b3442', timeVisible: true, secondsVisible: false, visible: !compact },
    crosshair: { mode: compact ? 2 : 0 },
    handleScroll: !compact,
    handleScale: !compact,
  });
}

const NEUTRAL = '#5b6675';
const INDEX = '#e0b13a';

export interface CandleChartOptions {
  /** A third pane with the futures basis per bucket (green premium, red discount). */
  basis?: boolean;
  /** The VN30 overlay shares the candles' price scale (futures: both in points); else it has the left one. */
  overlaySharesScale?: boolean;
}

/** The time of a point as the chart wants it (Vietnam wall clock, seconds). */
const at = (t: number) => toChartTime(t) as UTCTimestamp;

/**
 * Candles over three panes: the candles with the VN30 index as an overlay line; underneath, the
 * volume of each bar split into active buy (green, bottom), active sell (red) and neutral (grey, top)
 * as one stacked bar; for futures a third pane with the basis of each bar as a histogram.
 * Prices are divided by `priceDivisor` (VND to thousands for stocks).
 */
export class CandleChart {
  private readonly chart: IChartApi;
  private readonly candles: ISeriesApi<'Candlestick'>;
  /** The stack: total (neutral on top), buy + sell (sell), buy; drawn in that order so buy is in front. */
  private readonly volTotal: ISeriesApi<'Histogram'>;
  private readonly volClassified: ISeriesApi<'Histogram'>;
  private readonly volBuy: ISeriesApi<'Histogram'>;
  private readonly overlay: ISeriesApi<'Line'>;
  private readonly basis: ISeriesApi<'Histogram'> | null = null;
  count = 0;
  /** Bars with a known active buy / sell split; overlay points; basis bars. */
  splitBars = 0;
  overlayPoints = 0;
  basisBars = 0;
  private last = -Infinity;
  private lastOverlay = -Infinity;
  private lastBasis = -Infinity;

  constructor(el: HTMLElement, private readonly priceDivisor: number, opts: CandleChartOptions = {}) {
    this.chart = baseChart(el, false);
    this.candles = this.chart.addSeries(CandlestickSeries, {
      upColor: UP, downColor: DOWN, borderVisible: false, wickUpColor: UP, wickDownColor: DOWN,
      priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
    });
    this.overlay = this.chart.addSeries(LineSeries, {
      color: INDEX, lineWidth: 1, priceLineVisible: false, lastValueVisible: true, title: 'VN30',
      priceScaleId: opts.overlaySharesScale ? 'right' : 'left', crosshairMarkerVisible: false,
    });
    if (!opts.overlaySharesScale) this.chart.priceScale('left').applyOptions({ visible: true, borderColor: '#2b3442' });
    const vol = { priceFormat: { type: 'volume' as const }, priceLineVisible: false, lastValueVisible: false };
    this.volTotal = this.chart.addSeries(HistogramSeries, { ...vol, color: NEUTRAL }, 1);
    this.volClassified = this.chart.addSeries(HistogramSeries, { ...vol, color: DOWN + 'c0' }, 1);
    this.volBuy = this.chart.addSeries(HistogramSeries, { ...vol, color: UP + 'c0' }, 1);
    if (opts.basis) {
      this.basis = this.chart.addSeries(HistogramSeries, {
        priceFormat: { type: 'price', precision: 2, minMove: 0.01 }, priceLineVisible: false, title: 'basis',
      }, 2);
    }
    const panes = this.chart.panes();
    panes[0].setStretchFactor(3);
    for (const p of panes.slice(1)) p.setStretchFactor(1);
  }

  private bar(c: Candle) {
    const time = at(c.t);
    const d = this.priceDivisor;
    const { buy, sell } = volumeSplit(c);
    return {
      candle: { time, open: c.open / d, high: c.high / d, low: c.low / d, close: c.close / d },
      total: { time, value: c.volume },
      classified: { time, value: buy + sell },
      buy: { time, value: buy },
      split: buy + sell > 0,
    };
  }

  setData(candles: Candle[]): void {
    const bars = candles.map((c) => this.bar(c));
    this.last = bars.length ? bars[bars.length - 1].candle.time : -Infinity;
    this.candles.setData(bars.map((b) => b.candle));
    this.volTotal.setData(bars.map((b) => b.total));
    this.volClassified.setData(bars.map((b) => b.classified));
    this.volBuy.setData(bars.map((b) => b.buy));
    this.count = candles.length;
    this.splitBars = bars.filter((b) => b.split).length;
    this.chart.timeScale().fitContent();
  }

  /** Updates the last candle or appends a newer one. */
  update(c: Candle): void {
    const b = this.bar(c);
    if (b.candle.time < this.last) return;
    const fresh = b.candle.time > this.last;
    if (fresh) this.count++;
    if (b.split && (fresh || this.splitBars === 0)) this.splitBars++;
    this.last = b.candle.time;
    this.candles.update(b.candle);
    this.volTotal.update(b.total);
    this.volClassified.update(b.classified);
    this.volBuy.update(b.buy);
  }

  /** The VN30 index per bar ([bucketStartMs, points], oldest first). */
  setOverlay(points: readonly [number, number][]): void {
    this.overlay.setData(points.map(([t, v]) => ({ time: at(t), value: v })));
    this.overlayPoints = points.length;
    this.lastOverlay = points.length ? at(points[points.length - 1][0]) : -Infinity;
  }

  updateOverlay(t: number, value: number): void {
    const time = at(t);
    if (time < this.lastOverlay) return;
    if (time > this.lastOverlay) this.overlayPoints++;
    this.lastOverlay = time;
    this.overlay.update({ time, value });
  }

  /** Shows or hides the VN30 overlay (its data stays). */
  showOverlay(visible: boolean): void {
    this.overlay.applyOptions({ visible });
  }

  private basisBar(t: number, v: number) {
    return { time: at(t), value: v, color: v >= 0 ? UP + 'c0' : DOWN + 'c0' };
  }

  /** The basis per bar ([bucketStartMs, points], oldest first); only with `basis`. */
  setBasis(points: readonly [number, number][]): void {
    if (!this.basis) return;
    this.basis.setData(points.map(([t, v]) => this.basisBar(t, v)));
    this.basisBars = points.length;
    this.lastBasis = points.length ? at(points[points.length - 1][0]) : -Infinity;
  }

  updateBasis(t: number, value: number): void {
    if (!this.basis) return;
    const b = this.basisBar(t, value);
    if (b.time < this.lastBasis) return;
    if (b.time > this.lastBasis) this.basisBars++;
    this.lastBasis = b.time;
    this.basis.update(b);
  }

  dispose(): void {
    this.chart.remove();
  }
}

/**
 * A small intraday line (index panel, foreign flow, basis history). The chart draws a lone point as
 * a level stroke as wide as one bar, and fitting one bar to the chart makes that bar the chart's whole
 * width: a series of one point (the first minute of a day, or of a server that just started) would
 * read as a flat intraday line. So a single point is shown as a dot at a narrow bar spacing, and the
 * line is fitted to the width from two points on, again each time a minute is added.
 */
export class LineChart {
  private readonly chart: IChartApi;
  private readonly line: ISeriesApi<'Line'>;
  private last = -Infinity;
  private count = 0;

  constructor(el: HTMLElement, compact: boolean, color = '#4ea1ff') {
    this.chart = baseChart(el, compact);
    this.line = this.chart.addSeries(LineSeries, {
      color, lineWidth: 2, priceLineVisible: false, lastValueVisible: !compact, pointMarkersRadius: 3,
    });
  }

  /** Fits the line to the width, or for a single point keeps bars narrow and marks the point. */
  private layout(): void {
    const single = this.count < 2;
    this.line.applyOptions({ pointMarkersVisible: single });
    if (single) {
      this.chart.timeScale().applyOptions({ barSpacing: 6 });
      this.chart.timeScale().scrollToRealTime();
    } else {
      this.chart.timeScale().fitContent();
    }
  }

  /** One point per minute; several points in a minute keep the last. */
  setData(points: [number, number][]): void {
    const byMinute = new Map<number, number>();
    for (const [t, v] of points) byMinute.set(toChartTime(minuteStart(t)), v);
    const data = [...byMinute].sort((a, b) => a[0] - b[0]).map(([time, value]) => ({ time: time as UTCTimestamp, value }));
    this.line.setData(data);
    this.last = data.length ? data[data.length - 1].time : -Infinity;
    this.count = data.length;
    this.layout();
  }

  /** What the chart holds: [chart time (s, Vietnam wall clock), value] (tests read it). */
  points(): [number, number][] {
    return this.line.data().map((d) => [d.time as number, (d as { value: number }).value]);
  }

  update(ts: number, value: number): void {
    const time = toChartTime(minuteStart(ts));
    if (time < this.last) return; // the chart only accepts the newest point or later
    const added = time > this.last;
    this.last = time;
    this.line.update({ time: time as UTCTimestamp, value });
    if (added) {
      this.count++;
      this.layout();
    }
  }

  dispose(): void {
    this.chart.remove();
  }
}

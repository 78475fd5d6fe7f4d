/**
 * The chart library is loaded on demand (dynamic import of this module) so the board paints before
 * the charts' code has arrived. Times on every axis are Vietnam wall-clock time (see toChartTime).
 */
import {
  CandlestickSeries, ColorType, createChart, HistogramSeries, LineSeries,
  type IChartApi, type ISeriesApi, type UTCTimestamp,
} from 'lightweight-charts';
import type { Candle } from './api';
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

/** A candlestick chart with a volume histogram underneath; prices scaled by `priceDivisor`. */
export class CandleChart {
  private readonly chart: IChartApi;
  private readonly candles: ISeriesApi<'Candlestick'>;
  private readonly volume: ISeriesApi<'Histogram'>;
  count = 0;

  constructor(el: HTMLElement, private readonly priceDivisor: number) {
    this.chart = baseChart(el, false);
    this.candles = this.chart.addSeries(CandlestickSeries, {
      upColor: UP, downColor: DOWN, borderVisible: false, wickUpColor: UP, wickDownColor: DOWN,
      priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
    });
    this.volume = this.chart.addSeries(HistogramSeries, {
      priceFormat: { type: 'volume' },
      priceScaleId: 'vol',
    });
    this.chart.priceScale('vol').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    this.candles.priceScale().applyOptions({ scaleMargins: { top: 0.05, bottom: 0.25 } });
  }

  private bar(c: Candle) {
    const time = toChartTime(c.t) as UTCTimestamp;
    const d = this.priceDivisor;
    return {
      candle: { time, open: c.open / d, high: c.high / d, low: c.low / d, close: c.close / d },
      vol: { time, value: c.volume, color: c.close >= c.open ? UP + '80' : DOWN + '80' },
    };
  }

  private last = -Infinity;

  setData(candles: Candle[]): void {
    const bars = candles.map((c) => this.bar(c));
    this.last = bars.length ? bars[bars.length - 1].candle.time : -Infinity;
    this.candles.setData(bars.map((b) => b.candle));
    this.volume.setData(bars.map((b) => b.vol));
    this.count = candles.length;
    this.chart.timeScale().fitContent();
  }

  /** Updates the last candle or appends a newer one. */
  update(c: Candle): void {
    const b = this.bar(c);
    if (b.candle.time < this.last) return;
    if (b.candle.time > this.last) this.count++;
    this.last = b.candle.time;
    this.candles.update(b.candle);
    this.volume.update(b.vol);
  }

  dispose(): void {
    this.chart.remove();
  }
}

/** A small intraday line (index panel, basis history). */
export class LineChart {
  private readonly chart: IChartApi;
  private readonly line: ISeriesApi<'Line'>;

  constructor(el: HTMLElement, compact: boolean, color = '#4ea1ff') {
    this.chart = baseChart(el, compact);
    this.line = this.chart.addSeries(LineSeries, {
      color, lineWidth: 2, priceLineVisible: false, lastValueVisible: !compact,
    });
  }

  private last = -Infinity;

  /** One point per minute; several points in a minute keep the last. */
  setData(points: [number, number][]): void {
    const byMinute = new Map<number, number>();
    for (const [t, v] of points) byMinute.set(toChartTime(minuteStart(t)), v);
    const data = [...byMinute].sort((a, b) => a[0] - b[0]).map(([time, value]) => ({ time: time as UTCTimestamp, value }));
    this.line.setData(data);
    this.last = data.length ? data[data.length - 1].time : -Infinity;
    this.chart.timeScale().fitContent();
  }

  update(ts: number, value: number): void {
    const time = toChartTime(minuteStart(ts));
    if (time < this.last) return; // the chart only accepts the newest point or later
    this.last = time;
    this.line.update({ time: time as UTCTimestamp, value });
  }

  dispose(): void {
    this.chart.remove();
  }
}

/**
 * One symbol: quote header, candles from the history API (1 minute to 1 day) with the volume of each
 * bar split into active buy / active sell / neutral underneath, the VN30 index as an overlay (a
 * button hides it) and, for a futures contract, its basis per bar; kept live from the streams; and
 * the recent trades with their active side.
 */
import { getJson, HttpError, type Candle, type StockView, type Tick, type VolumeStats } from '../api';
import { foldTrade, pushNewest, tradeFromQuotes, type LiveTrade } from '../candles';
import type { CandleChart } from '../charts';
import { h, setClass, setText } from '../dom';
import {
  formatChange, formatPercent, formatPrice, formatVnTime, formatVolume, INTERVAL_MS, INTERVALS, priceTone,
  type Interval,
} from '../format';
import type { Store } from '../store';
import { ChartOverlays } from './chartOverlays';

const MAX_TRADES = 50;
/** How far back each interval looks (the API allows at most 31 days). */
const RANGE_DAYS: Record<Interval, number> = { '1m': 1, '5m': 3, '15m': 7, '30m': 14, '1h': 31, '1d': 31 };
const SIDE_LABEL = { buy: 'Buy', sell: 'Sell', neutral: '—' } as const;

export class SymbolPage {
  readonly el = h('section', { className: 'page symbol-page' });
  private readonly chartEl = h('div', { className: 'candle-chart', 'data-candles': '0' });
  private readonly chartNotice = h('p', { className: 'notice', role: 'status' }, 'Loading candles…');
  private readonly quoteEl = h('div', { className: 'quote live-data' });
  private readonly tradesBody = h('tbody');
  private readonly statsEl = h('div', { className: 'session-vol live-data', hidden: true });
  private statsTimer: ReturnType<typeof setTimeout> | null = null;
  private chart: CandleChart | null = null;
  private candles: Candle[] = [];
  private trades: LiveTrade[] = [];
  private readonly offs: (() => void)[] = [];
  /** Cancels the candle request (replaced when the interval changes). */
  private abort = new AbortController();
  private readonly tradesAbort = new AbortController();
  private disposed = false;
  private interval: Interval = '1m';
  private readonly intervalBar = h('div', { className: 'intervals', role: 'group', 'aria-label': 'Candle interval' });
  private readonly isFutures: boolean;
  private readonly overlays: ChartOverlays;
  private readonly overlayButton = h('button', { type: 'button', className: 'overlay-toggle', 'aria-pressed': 'true', title: 'VN30 index overlay' }, 'VN30');

  constructor(
    private readonly symbol: string,
    store: Store,
    private readonly charts: Promise<typeof import('../charts')>,
    navigate: (path: string) => void,
  ) {
    this.isFutures = store.futures?.symbol === symbol || /^VN30F/.test(symbol);
    const back = h('a', { href: '/', className: 'back' }, '← Board');
    back.addEventListener('click', (ev) => { ev.preventDefault(); navigate('/'); });
    const legend = h('div', { className: 'legend-row chart-legend' },
      h('span', { className: 'key key-buy' }, 'active buy'), h('span', { className: 'key key-sell' }, 'active sell'),
      h('span', { className: 'key key-neutral' }, 'neutral'), h('span', { className: 'key key-index' }, 'VN30 index'),
      this.isFutures ? h('span', { className: 'key key-premium' }, 'basis: premium') : null,
      this.isFutures ? h('span', { className: 'key key-discount' }, 'discount') : null);
    if (this.isFutures) this.chartEl.classList.add('with-basis');
    this.el.append(
      h('div', { className: 'symbol-head' }, back, h('h2', {}, symbol), this.quoteEl),
      this.statsEl,
      h('div', { className: 'symbol-body' },
        h('div', { className: 'chart-box' }, this.intervalBar, this.chartNotice, this.chartEl, legend),
        h('div', { className: 'trades-box' },
          h('h3', {}, 'Recent trades'),
          h('table', { className: 'trades live-data' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Time'), h('th', {}, 'Price'), h('th', {}, 'Volume'), h('th', {}, 'Side'))),
            this.tradesBody))),
    );
    const current = store.stocks.get(symbol) ?? (store.futures?.symbol === symbol ? store.futures : undefined);
    if (current) this.renderQuote(current);
    this.offs.push(store.onStocks.on((changed) => {
      for (const { stock, prev } of changed) if (stock.symbol === symbol) this.onQuote(stock, prev);
    }));
    let prevFutures = store.futures ?? undefined;
    this.offs.push(store.onFutures.on((f) => {
      if (f.symbol === symbol) this.onQuote(f, prevFutures);
      prevFutures = f;
    }));
    for (const iv of INTERVALS) {
      const b = h('button', { type: 'button', 'data-interval': iv, 'aria-pressed': String(iv === this.interval) }, iv);
      b.addEventListener('click', () => this.setInterval(iv));
      this.intervalBar.append(b);
    }
    this.overlayButton.addEventListener('click', () => {
      const on = this.overlayButton.getAttribute('aria-pressed') !== 'true';
      this.overlayButton.setAttribute('aria-pressed', String(on));
      this.chart?.showOverlay(on);
    });
    this.intervalBar.append(this.overlayButton);
    this.overlays = new ChartOverlays(symbol, this.isFutures, store, () => this.chart, () => this.syncCounts());
    void this.loadTrades();
    void this.load();
    void this.loadStats();
  }

  /** Per-session volume and the active buy/sell ratio, refreshed every 15 s (REST only). */
  private async loadStats(): Promise<void> {
    try {
      const reply = await getJson<{ stocks: VolumeStats[] }>('/api/market/volume-stats', this.tradesAbort.signal);
      const v = reply.stocks.find((x) => x.symbol === this.symbol);
      if (this.disposed) return;
      this.statsEl.hidden = !v;
      if (v) {
        this.statsEl.textContent = `Volume by session: ATO ${formatVolume(v.sessions.ato) || '0'} · continuous ${formatVolume(v.sessions.continuous) || '0'}`
          + ` · ATC ${formatVolume(v.sessions.atc) || '0'} · neutral ${formatVolume(v.neutralVol) || '0'}`
          + ` · active buy/sell ratio ${v.buySellRatio > 0 ? v.buySellRatio.toFixed(2) : '–'}`;
      }
    } catch {
      // Optional detail: the quote above carries the live totals.
    }
    if (!this.disposed) this.statsTimer = setTimeout(() => void this.loadStats(), 15_000);
  }

  private setInterval(iv: Interval): void {
    if (iv === this.interval) return;
    this.interval = iv;
    for (const b of this.intervalBar.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.interval === iv));
    this.abort.abort();
    this.abort = new AbortController();
    this.candles = [];
    this.chartNotice.hidden = false;
    this.chartNotice.classList.remove('error');
    this.chartNotice.textContent = 'Loading candles…';
    void this.load();
  }

  private async loadTrades(): Promise<void> {
    try {
      const enc = encodeURIComponent(this.symbol);
      const ticks = await getJson<{ ticks: Tick[] }>(`/api/history/${enc}/ticks?limit=${MAX_TRADES}`, this.tradesAbort.signal);
      if (this.disposed) return;
      // Trades that arrived while the history loaded are newer than it: keep them on top.
      const live = this.trades;
      const oldest = live.length ? live[live.length - 1].ts : Infinity;
      this.trades = [...live, ...ticks.ticks.filter((t) => t.ts < oldest)
        .map((t) => ({ ts: t.ts, price: t.price, volume: t.volume, side: t.side }))].slice(0, MAX_TRADES);
      this.renderTrades();
    } catch {
      // The list fills from live trades; the chart's notice already explains a missing history.
    }
  }

  private fmt(p: number): string {
    return this.isFutures ? (p > 0 ? p.toFixed(1) : '') : formatPrice(p);
  }

  private async load(): Promise<void> {
    const enc = encodeURIComponent(this.symbol);
    const interval = this.interval;
    const to = Date.now();
    const from = to - RANGE_DAYS[interval] * 86_400_000;
    let history: Candle[] = [];
    const extras = this.overlays.load(interval, from, to, this.abort.signal);
    try {
      const reply = await getJson<{ candles: Candle[] }>(
        `/api/history/${enc}/candles?interval=${interval}&from=${from}&to=${to}`, this.abort.signal);
      if (this.disposed || interval !== this.interval) return;
      history = reply.candles;
    } catch (e) {
      if (this.disposed || (e as Error).name === 'AbortError' || interval !== this.interval) return;
      const reason = e instanceof HttpError && e.status === 404 ? `Unknown symbol ${this.symbol}.`
        : e instanceof HttpError && e.status === 503 ? 'History is unavailable (the database is down): the chart shows live trades only.'
        : `Could not load history (${(e as Error).message}): the chart shows live trades only.`;
      this.chartNotice.textContent = reason;
      this.chartNotice.classList.add('error');
      if (e instanceof HttpError && e.status === 404) return;
    }
    // Candles built from live trades while the history loaded are newer than it.
    const liveCandles = this.candles;
    this.candles = history.map((c) => ({ ...c }));
    for (const c of liveCandles) {
      const last = this.candles[this.candles.length - 1];
      if (!last || c.t > last.t) this.candles.push(c);
    }
    const { CandleChart } = await this.charts;
    if (this.disposed || interval !== this.interval) return;
    this.chart ??= new CandleChart(this.chartEl, this.isFutures ? 1 : 1000, { basis: this.isFutures, overlaySharesScale: this.isFutures });
    this.chart.setData(this.candles);
    this.overlays.apply();
    this.chartEl.dataset.interval = interval;
    this.syncCounts();
    if (!this.chartNotice.classList.contains('error')) {
      this.chartNotice.hidden = this.candles.length > 0;
      if (!this.candles.length) this.chartNotice.textContent = 'No trades yet today: candles appear with the first trade.';
    }
    await extras;
  }

  private onQuote(q: StockView, prev: StockView | undefined): void {
    this.renderQuote(q);
    const trade = tradeFromQuotes(prev?.totalVol, q, prev);
    if (!trade) return;
    pushNewest(this.trades, trade, MAX_TRADES);
    this.renderTrades();
    const changed = foldTrade(this.candles, trade, INTERVAL_MS[this.interval]);
    if (changed && this.chart) {
      this.chart.update(changed);
      this.syncCounts();
      if (!this.chartNotice.classList.contains('error')) this.chartNotice.hidden = true;
    }
  }

  /** What the chart holds, for tests: candles, bars with a buy/sell split, VN30 points, basis bars. */
  private syncCounts(): void {
    const c = this.chart;
    if (!c) return;
    const d = this.chartEl.dataset;
    const set = (k: 'candles' | 'split' | 'overlay' | 'basis', n: number) => { if (d[k] !== String(n)) d[k] = String(n); };
    set('candles', c.count);
    set('split', c.splitBars);
    set('overlay', c.overlayPoints);
    if (this.isFutures) set('basis', c.basisBars);
  }

  private renderQuote(q: StockView): void {
    const tone = priceTone(q.last, q.ref, q.ceiling, q.floor);
    const cell = (label: string, value: string, cls = '') =>
      h('div', { className: 'q' }, h('span', { className: 'ql' }, label), h('span', { className: 'qv ' + cls }, value));
    this.quoteEl.replaceChildren(
      cell('Last', this.fmt(q.last), tone),
      cell('Change', q.last > 0 ? `${this.isFutures ? (q.change >= 0 ? '+' : '') + q.change.toFixed(1) : formatChange(q.change)} (${formatPercent(q.changePct)})` : '', tone),
      cell('Ref', this.fmt(q.ref), 'ref'), cell('Ceil', this.fmt(q.ceiling), 'ceil'), cell('Floor', this.fmt(q.floor), 'floor'),
      cell('High', this.fmt(q.high), priceTone(q.high, q.ref, q.ceiling, q.floor)),
      cell('Low', this.fmt(q.low), priceTone(q.low, q.ref, q.ceiling, q.floor)),
      cell('Volume', formatVolume(q.totalVol)),
      cell('Active buy', formatVolume(q.activeBuyVol), 'up'), cell('Active sell', formatVolume(q.activeSellVol), 'down'),
      cell('Time', formatVnTime(q.ts)),
    );
  }

  private renderTrades(): void {
    const rows = this.trades.map((t) => {
      const side = t.side ?? 'neutral';
      return h('tr', { className: 'side-' + side },
        h('td', {}, formatVnTime(t.ts)), h('td', {}, this.fmt(t.price)),
        h('td', {}, formatVolume(t.volume)), h('td', { className: side === 'buy' ? 'up' : side === 'sell' ? 'down' : '' }, SIDE_LABEL[side]));
    });
    this.tradesBody.replaceChildren(...rows);
    setClass(this.tradesBody, this.trades.length ? '' : 'empty');
    if (!this.trades.length) this.tradesBody.append(h('tr', {}, h('td', { colSpan: 4 }, 'No trades yet.')));
    setText(this.el.querySelector('h3')!, `Recent trades (${this.trades.length})`);
  }

  dispose(): void {
    this.disposed = true;
    this.abort.abort();
    this.tradesAbort.abort();
    if (this.statsTimer !== null) clearTimeout(this.statsTimer);
    this.offs.forEach((off) => off());
    this.overlays.dispose();
    this.chart?.dispose();
  }
}

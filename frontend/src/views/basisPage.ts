/**
 * VN30 index futures against the VN30 index: the shown contract's quote and basis (premium /
 * discount) live from /ws/market; the basis trend of the whole day and the convergence indicator
 * from /api/market/derivatives (the server keeps the per-minute series, so a reload sees the day),
 * re-read every 10 s and extended live in between; the tracked contracts.
 */
import { poll, type Convergence, type DerivativesReply, type FuturesView } from '../api';
import type { LineChart } from '../charts';
import { convergenceText, withLiveBasis } from '../derivatives';
import { h, setClass, setText } from '../dom';
import { formatPercent, formatPointChange, formatPoints, formatVnTime, formatVolume, signTone } from '../format';
import type { Store } from '../store';

const REFRESH_MS = 10_000;

export class BasisPage {
  readonly el = h('section', { className: 'page basis-page', 'aria-label': 'Futures basis' });
  private readonly fields = new Map<string, HTMLElement>();
  private readonly chartEl = h('div', { className: 'basis-chart', 'data-points': '0' });
  private readonly convEl = h('div', { className: 'convergence live-data', 'data-state': 'unknown' });
  private readonly contractsBody = h('tbody');
  private chart: LineChart | null = null;
  private readonly notice = h('p', { className: 'notice', role: 'status' }, 'Waiting for the futures contract…');
  private readonly off: () => void;
  private readonly poller: { stop: () => void };
  private series: [number, number][] = [];
  private seriesSymbol = '';
  private disposed = false;

  constructor(store: Store, charts: Promise<typeof import('../charts')>, navigate: (path: string) => void) {
    const grid = h('div', { className: 'basis-grid live-data' });
    for (const [key, label] of [['contract', 'Contract'], ['last', 'Futures'], ['index', 'VN30 index'],
      ['basis', 'Basis (points)'], ['basisPct', 'Basis %'], ['state', 'State'], ['volume', 'Volume'], ['time', 'Time']]) {
      const v = h('span', { className: 'qv' });
      this.fields.set(key, v);
      grid.append(h('div', { className: 'q' }, h('span', { className: 'ql' }, label), v));
    }
    this.el.append(h('h2', {}, 'Futures basis'), this.notice, grid,
      h('h3', {}, 'Convergence (basis towards zero)'), this.convEl,
      h('h3', {}, 'Basis through the day (points, per minute)'), this.chartEl,
      h('h3', {}, 'Contracts'),
      h('div', { className: 'board-wrap live-data' }, h('table', { className: 'grid contracts' },
        h('thead', {}, h('tr', {}, ...['Contract', 'Last', 'Change', 'Volume', 'Open interest', 'Basis', 'Shown'].map((t) => h('th', {}, t)))),
        this.contractsBody)));
    // The contract opens its own chart.
    const contract = this.fields.get('contract')!;
    contract.setAttribute('role', 'link');
    contract.tabIndex = 0;
    contract.title = 'Open the contract chart';
    const open = () => { if (contract.textContent) navigate('/symbol/' + contract.textContent); };
    contract.addEventListener('click', open);
    contract.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') open(); });
    this.contractsBody.addEventListener('click', (ev) => {
      const sym = (ev.target as HTMLElement).closest('tr')?.dataset.symbol;
      if (sym) navigate('/symbol/' + sym);
    });
    this.renderConvergence(null);
    this.off = store.onFutures.on((f) => this.render(f));
    if (store.futures) this.render(store.futures);
    void charts.then(({ LineChart }) => {
      if (this.disposed) return;
      this.chart = new LineChart(this.chartEl, false, '#b47cff');
      this.chart.setData(this.series);
    });
    this.poller = poll<DerivativesReply>('/api/market/derivatives', REFRESH_MS, (d) => this.renderServer(d));
  }

  /** The server's view: the day's basis series (replacing what is held), convergence, contracts. */
  private renderServer(d: DerivativesReply): void {
    if (d.futures) this.render(d.futures);
    const dv = d.derivatives;
    if (dv) {
      this.series = dv.basisSeries.map(([t, v]) => [t, v] as [number, number]);
      this.seriesSymbol = dv.symbol;
      this.setSeries();
    }
    this.renderConvergence(dv?.convergence ?? null);
    const rows = (d.futures?.contracts ?? []).map((c) =>
      h('tr', { 'data-symbol': c.symbol, className: c.shown ? 'shown' : '' },
        h('td', {}, c.symbol), h('td', { className: signTone(c.change) }, c.last > 0 ? c.last.toFixed(1) : ''),
        h('td', { className: signTone(c.change) }, formatPointChange(c.change)), h('td', {}, formatVolume(c.totalVol) || '0'),
        h('td', {}, c.openInterest == null ? '–' : formatVolume(c.openInterest) || '0'),
        h('td', { className: signTone(c.basis) }, formatPointChange(c.basis)), h('td', {}, c.shown ? 'yes' : '')));
    this.contractsBody.replaceChildren(...rows);
    this.el.dataset.ready = '1';
  }

  private renderConvergence(c: Convergence | null): void {
    const t = convergenceText(c);
    this.convEl.dataset.state = c?.state ?? 'unknown';
    this.convEl.replaceChildren(h('span', { className: 'conv-label ' + t.tone }, t.label), h('span', { className: 'muted' }, ' · ' + t.detail));
  }

  private setSeries(): void {
    this.chartEl.dataset.points = String(this.series.length);
    this.chart?.setData(this.series);
  }

  private render(f: FuturesView): void {
    this.notice.hidden = true;
    const tone = signTone(f.basis);
    const set = (k: string, text: string, cls = '') => {
      setText(this.fields.get(k)!, text);
      setClass(this.fields.get(k)!, 'qv ' + cls);
    };
    set('contract', f.symbol, 'link');
    set('last', f.last > 0 ? f.last.toFixed(1) : '', signTone(f.change));
    set('index', formatPoints(f.indexValue));
    set('basis', formatPointChange(f.basis), tone);
    set('basisPct', formatPercent(f.basisPct), tone);
    set('state', f.basisState, tone);
    set('volume', formatVolume(f.totalVol));
    set('time', formatVnTime(f.ts));
    // Between two reads the live basis extends the server's series (same contract only).
    if (this.series.length && f.symbol === this.seriesSymbol && f.last > 0 && f.indexValue > 0) {
      const before = this.series.length;
      this.series = withLiveBasis(this.series, f.ts, f.basis);
      if (this.series.length !== before) this.chartEl.dataset.points = String(this.series.length);
      this.chart?.update(f.ts, f.basis);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.off();
    this.poller.stop();
    this.chart?.dispose();
  }
}

/** VN30 index futures against the VN30 index: basis (premium / discount) and its history. */
import type { FuturesView } from '../api';
import type { LineChart } from '../charts';
import { h, setClass, setText } from '../dom';
import { formatPercent, formatPointChange, formatPoints, formatVnTime, formatVolume, signTone } from '../format';
import type { Store } from '../store';

/** The basis points seen since the page loaded (the backend keeps no basis history). */
const history: [number, number][] = [];

export function recordBasis(f: FuturesView): void {
  if (!(f.last > 0) || !(f.indexValue > 0)) return;
  const last = history[history.length - 1];
  if (last && last[0] === f.ts) return;
  history.push([f.ts, f.basis]);
  if (history.length > 5000) history.splice(0, history.length - 5000);
}

export class BasisPage {
  readonly el = h('section', { className: 'page basis-page', 'aria-label': 'Futures basis' });
  private readonly fields = new Map<string, HTMLElement>();
  private readonly chartEl = h('div', { className: 'basis-chart' });
  private chart: LineChart | null = null;
  private readonly notice = h('p', { className: 'notice', role: 'status' }, 'Waiting for the futures contract…');
  private readonly off: () => void;
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
      h('h3', {}, 'Basis since this page opened'), this.chartEl);
    // The contract opens its own chart.
    const contract = this.fields.get('contract')!;
    contract.setAttribute('role', 'link');
    contract.tabIndex = 0;
    contract.title = 'Open the contract chart';
    const open = () => { if (contract.textContent) navigate('/symbol/' + contract.textContent); };
    contract.addEventListener('click', open);
    contract.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') open(); });
    this.off = store.onFutures.on((f) => this.render(f));
    if (store.futures) this.render(store.futures);
    void charts.then(({ LineChart }) => {
      if (this.disposed) return;
      this.chart = new LineChart(this.chartEl, false, '#b47cff');
      this.chart.setData(history);
    });
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
    const n = history.length;
    if (this.chart && n && history[n - 1][0] === f.ts) this.chart.update(f.ts, f.basis);
  }

  dispose(): void {
    this.disposed = true;
    this.off();
    this.chart?.dispose();
  }
}

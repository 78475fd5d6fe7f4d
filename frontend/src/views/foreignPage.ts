/**
 * Foreign investors' flow: summary cards, the market's cumulative net value through the day (the
 * server's series, so a reload sees the whole day), top net buyers and sellers, a VN30 heat map and
 * sectors from /api/market/foreign (re-read every 5 s); and per stock, live from /ws/foreign,
 * cumulative buy/sell, net, speed and acceleration.
 */
import { poll, type ForeignReply, type ForeignView } from '../api';
import type { LineChart } from '../charts';
import { h, setClass, setText } from '../dom';
import { flowInBillions, heatClass } from '../foreign';
import { formatBillions, formatSignedBillions, formatSignedVolume, formatVnTime, formatVolume, signTone } from '../format';
import type { Store } from '../store';

const REFRESH_MS = 5000;

type Key = 'symbol' | 'buyVol' | 'sellVol' | 'netVol' | 'netVal' | 'speed' | 'acceleration' | 'currentRoom';
const COLS: [Key, string][] = [
  ['symbol', 'Symbol'], ['buyVol', 'Buy vol'], ['sellVol', 'Sell vol'], ['netVol', 'Net vol'],
  ['netVal', 'Net value (bn VND)'], ['speed', 'Speed (sh/min, 5 min)'], ['acceleration', 'Acceleration'],
  ['currentRoom', 'Room left'],
];

export class ForeignPage {
  readonly el = h('section', { className: 'page foreign-page', 'aria-label': 'Foreign flow' });
  private readonly tbody = h('tbody');
  private readonly totals = h('tr', { className: 'totals' });
  private readonly rows = new Map<string, HTMLTableRowElement>();
  private readonly off: () => void;
  private readonly notice = h('p', { className: 'notice', role: 'status' }, 'Waiting for foreign flow data…');
  private sortKey: Key = 'symbol';
  private descending = false;
  private lastOrderAt = 0;
  private readonly cards = h('div', { className: 'cards live-data' });
  private readonly flowEl = h('div', { className: 'flow-chart', 'data-points': '0' });
  private readonly topEl = h('div', { className: 'top-movers live-data' });
  private readonly heatEl = h('div', { className: 'heatmap live-data', role: 'list', 'aria-label': 'VN30 foreign net value heat map' });
  private readonly sectorsEl = h('div', { className: 'sectors live-data' });
  private readonly updated = h('span', { className: 'muted' });
  private chart: LineChart | null = null;
  private flow: [number, number][] = [];
  private readonly poller: { stop: () => void };
  private disposed = false;

  constructor(private readonly store: Store, charts: Promise<typeof import('../charts')>, navigate: (p: string) => void) {
    this.el.append(h('h2', {}, 'Foreign flow ', this.updated), this.cards,
      h('div', { className: 'vol-charts' },
        h('div', { className: 'panel wide' }, h('h3', {}, 'Cumulative net value today (bn VND)'), this.flowEl),
        h('div', { className: 'panel' }, h('h3', {}, 'Top net buyers and sellers (bn VND)'), this.topEl)),
      h('div', { className: 'vol-charts' },
        h('div', { className: 'panel wide' }, h('h3', {}, 'VN30 heat map (net value)'), this.heatEl),
        h('div', { className: 'panel' }, h('h3', {}, 'By sector (bn VND)'), this.sectorsEl)),
      h('h3', {}, 'Per stock (live)'), this.notice,
      h('div', { className: 'board-wrap live-data' },
        h('table', { className: 'grid foreign' },
          h('thead', {}, h('tr', {}, ...COLS.map(([key, label]) => this.header(key, label)))), this.tbody,
          h('tfoot', {}, this.totals))));
    this.tbody.addEventListener('click', (ev) => {
      const sym = (ev.target as HTMLElement).closest('tr')?.dataset.symbol;
      if (sym) navigate('/symbol/' + sym);
    });
    for (const el of [this.heatEl, this.topEl]) {
      el.addEventListener('click', (ev) => {
        const sym = (ev.target as HTMLElement).closest('[data-symbol]')?.getAttribute('data-symbol');
        if (sym) navigate('/symbol/' + sym);
      });
    }
    this.off = store.onForeign.on(() => this.render());
    this.render();
    void charts.then(({ LineChart }) => {
      if (this.disposed) return;
      this.chart = new LineChart(this.flowEl, false, '#4ea1ff');
      this.chart.setData(this.flow);
    });
    this.poller = poll<ForeignReply>('/api/market/foreign', REFRESH_MS, (d) => this.renderSummary(d));
  }

  private renderSummary(d: ForeignReply): void {
    const t = d.totals;
    setText(this.updated, `· as of ${formatVnTime(d.ts)}`);
    const card = (label: string, value: string, sub: string, cls = '') =>
      h('div', { className: 'card' }, h('span', { className: 'card-label' }, label),
        h('span', { className: 'card-value ' + cls }, value), h('span', { className: 'card-sub' }, sub));
    this.cards.replaceChildren(
      card('Net value today', formatSignedBillions(t.netVal), t.netVal >= 0 ? 'foreign investors net buyers' : 'foreign investors net sellers', signTone(t.netVal)),
      card('Bought', formatBillions(t.buyVal) + ' bn', `${formatVolume(t.buyVol) || '0'} shares`, 'up'),
      card('Sold', formatBillions(t.sellVal) + ' bn', `${formatVolume(t.sellVol) || '0'} shares`, 'down'),
      card('Net volume', formatSignedVolume(t.netVol), 'shares', signTone(t.netVol)),
    );
    this.flow = flowInBillions(d.flow);
    this.flowEl.dataset.points = String(this.flow.length);
    this.chart?.setData(this.flow);
    const mover = (m: { symbol: string; netVal: number }) =>
      h('li', { 'data-symbol': m.symbol }, h('span', { className: 'sym' }, m.symbol), h('span', { className: signTone(m.netVal) }, formatSignedBillions(m.netVal)));
    this.topEl.replaceChildren(
      h('div', {}, h('h4', {}, 'Net buyers'), h('ol', { className: 'movers buyers' }, ...d.top.buyers.map(mover))),
      h('div', {}, h('h4', {}, 'Net sellers'), h('ol', { className: 'movers sellers' }, ...d.top.sellers.map(mover))));
    const maxAbs = Math.max(0, ...d.foreign.map((f) => Math.abs(f.netVal)));
    this.heatEl.replaceChildren(...d.foreign.map((f) =>
      h('div', { className: 'tile ' + heatClass(f.netVal, maxAbs), role: 'listitem', 'data-symbol': f.symbol, title: `${f.symbol}: ${formatSignedBillions(f.netVal)} VND` },
        h('span', { className: 'tile-sym' }, f.symbol), h('span', { className: 'tile-val' }, formatBillions(f.netVal)))));
    const maxSector = Math.max(0, ...d.sectors.map((x) => Math.abs(x.netVal)));
    this.sectorsEl.replaceChildren(...d.sectors.map((x) =>
      h('div', { className: 'sector', 'data-sector': x.sector, title: x.symbols.join(', ') },
        h('span', { className: 'sector-name' }, x.sector),
        h('span', { className: 'sector-bar ' + heatClass(x.netVal, maxSector) }),
        h('span', { className: 'sector-val ' + signTone(x.netVal) }, formatSignedBillions(x.netVal)))));
    this.el.dataset.ready = '1';
  }

  private header(key: Key, label: string): HTMLElement {
    const th = h('th', { className: 'sortable', tabIndex: 0, title: `Sort by ${label.toLowerCase()}`, 'data-key': key }, label);
    const sort = () => {
      if (this.sortKey === key) this.descending = !this.descending;
      else { this.sortKey = key; this.descending = key !== 'symbol'; }
      th.parentElement!.querySelectorAll('th').forEach((x) => x.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', this.descending ? 'descending' : 'ascending');
      this.lastOrderAt = 0;
      this.render();
    };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') sort(); });
    return th;
  }

  private sorted(): ForeignView[] {
    const k = this.sortKey, sign = this.descending ? -1 : 1;
    return [...this.store.foreign.values()].sort((a, b) => {
      const d = k === 'symbol' ? a.symbol.localeCompare(b.symbol) : (a[k] as number) - (b[k] as number);
      return d !== 0 ? sign * d : a.symbol.localeCompare(b.symbol);
    });
  }

  private render(): void {
    const list = this.sorted();
    this.notice.hidden = list.length > 0;
    let buyVol = 0, sellVol = 0, netVal = 0;
    for (const f of list) {
      this.row(f);
      buyVol += f.buyVol; sellVol += f.sellVol; netVal += f.netVal;
    }
    // Reorder at most once a second so rows do not jump under the pointer.
    const now = Date.now();
    if (now - this.lastOrderAt > 1000) {
      this.lastOrderAt = now;
      const current = Array.from(this.tbody.children) as HTMLElement[];
      if (!list.every((f, i) => current[i]?.dataset.symbol === f.symbol)) {
        for (const f of list) this.tbody.append(this.rows.get(f.symbol)!);
      }
    }
    const net = buyVol - sellVol;
    this.totals.replaceChildren(h('td', {}, 'Total'), h('td', {}, formatVolume(buyVol)), h('td', {}, formatVolume(sellVol)),
      h('td', { className: signTone(net) }, formatSignedVolume(net)), h('td', { className: signTone(netVal) }, formatBillions(netVal)),
      h('td'), h('td'), h('td'));
  }

  private row(f: ForeignView): void {
    let tr = this.rows.get(f.symbol);
    if (!tr) {
      tr = h('tr', { 'data-symbol': f.symbol });
      for (let i = 0; i < COLS.length; i++) tr.append(h('td'));
      this.rows.set(f.symbol, tr);
      this.tbody.append(tr);
      this.lastOrderAt = 0;
    }
    const values: [string, string][] = [
      [f.symbol, 'sym'],
      [formatVolume(f.buyVol), 'up'],
      [formatVolume(f.sellVol), 'down'],
      [formatSignedVolume(f.netVol), signTone(f.netVol)],
      [formatBillions(f.netVal), signTone(f.netVal)],
      [formatSignedVolume(Math.round(f.speed)), signTone(f.speed)],
      [formatSignedVolume(Math.round(f.acceleration)), signTone(f.acceleration)],
      [formatVolume(f.currentRoom), ''],
    ];
    values.forEach(([text, cls], i) => {
      const td = tr!.children[i];
      setText(td, text);
      setClass(td, cls);
    });
  }

  dispose(): void {
    this.disposed = true;
    this.off();
    this.poller.stop();
    this.chart?.dispose();
  }
}

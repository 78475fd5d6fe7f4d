/** Foreign investors' flow per stock: cumulative buy/sell, net, speed and acceleration. */
import type { ForeignView } from '../api';
import { h, setClass, setText } from '../dom';
import { formatBillions, formatSignedVolume, formatVolume, signTone } from '../format';
import type { Store } from '../store';

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

  constructor(private readonly store: Store, navigate: (p: string) => void) {
    this.el.append(h('h2', {}, 'Foreign flow'), this.notice,
      h('div', { className: 'board-wrap live-data' },
        h('table', { className: 'grid foreign' },
          h('thead', {}, h('tr', {}, ...COLS.map(([key, label]) => this.header(key, label)))), this.tbody,
          h('tfoot', {}, this.totals))));
    this.tbody.addEventListener('click', (ev) => {
      const sym = (ev.target as HTMLElement).closest('tr')?.dataset.symbol;
      if (sym) navigate('/symbol/' + sym);
    });
    this.off = store.onForeign.on(() => this.render());
    this.render();
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
    this.off();
  }
}

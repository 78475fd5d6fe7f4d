/** Foreign investors' flow per stock: cumulative buy/sell, net, speed and acceleration. */
import type { ForeignView } from '../api';
import { h, setClass, setText } from '../dom';
import { formatBillions, formatSignedVolume, formatVolume, signTone } from '../format';
import type { Store } from '../store';

const COLS = ['Symbol', 'Buy vol', 'Sell vol', 'Net vol', 'Net value (bn VND)', 'Speed (sh/min, 5 min)', 'Acceleration', 'Room left'];

export class ForeignPage {
  readonly el = h('section', { className: 'page foreign-page', 'aria-label': 'Foreign flow' });
  private readonly tbody = h('tbody');
  private readonly totals = h('tr', { className: 'totals' });
  private readonly rows = new Map<string, HTMLTableRowElement>();
  private readonly off: () => void;
  private readonly notice = h('p', { className: 'notice', role: 'status' }, 'Waiting for foreign flow data…');

  constructor(private readonly store: Store, navigate: (p: string) => void) {
    this.el.append(h('h2', {}, 'Foreign flow'), this.notice,
      h('div', { className: 'board-wrap live-data' },
        h('table', { className: 'grid foreign' },
          h('thead', {}, h('tr', {}, ...COLS.map((c) => h('th', {}, c)))), this.tbody, h('tfoot', {}, this.totals))));
    this.tbody.addEventListener('click', (ev) => {
      const sym = (ev.target as HTMLElement).closest('tr')?.dataset.symbol;
      if (sym) navigate('/symbol/' + sym);
    });
    this.off = store.onForeign.on(() => this.render());
    this.render();
  }

  private render(): void {
    const list = [...this.store.foreign.values()].sort((a, b) => a.symbol.localeCompare(b.symbol));
    this.notice.hidden = list.length > 0;
    let buyVol = 0, sellVol = 0, netVal = 0;
    for (const f of list) {
      this.row(f);
      buyVol += f.buyVol; sellVol += f.sellVol; netVal += f.netVal;
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
      const ordered = [...this.rows.keys()].sort();
      for (const s of ordered) this.tbody.append(this.rows.get(s)!);
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

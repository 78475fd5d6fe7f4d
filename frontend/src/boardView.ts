/**
 * The price board's DOM. Rows and cells are created once; an update touches only the cells whose
 * value changed (text + class), and updates arriving between two frames are merged per symbol and
 * painted once per animation frame, so 30 rows updating several times a second stay cheap.
 *
 * Flashing: a changed cell gets a highlight class (fu = went up, fd = went down) that a sweep removes
 * FLASH_MS later. It is deliberately not a CSS animation: animating the background of hundreds of
 * cells repaints the table on every frame (measured: 200 ms frames with 30 rows x 5 updates/s in
 * software rendering), while a class switch costs one paint when it is set and one when it clears.
 */
import {
  BoardModel, CELL_KEYS, cellTone, cellValue, matchesFilter, mergeUpdate, sortRows,
  type BoardRow, type CellKey, type RowUpdate, type SortKey,
} from './board';
import { formatChange, formatCompactVolume, formatPercent, formatPrice } from './format';
import { appendDistinct, sparkPoints, SPARK_POINTS } from './sparkline';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Size of a board sparkline (CSS pixels; the SVG scales with its cell). */
export const SPARK_W = 44;
export const SPARK_H = 16;
/** Cells that change on almost every trade without being prices: repainted, never flashed. */
const NO_FLASH = new Set<CellKey>(['pressure']);

const PRICE_KEYS = new Set<CellKey>([
  'ref', 'ceiling', 'floor', 'b1p', 'b2p', 'b3p', 'a1p', 'a2p', 'a3p', 'last', 'high', 'low',
]);

export function cellText(row: BoardRow, key: CellKey): string {
  if (key === 'symbol') return row.symbol;
  const v = cellValue(row, key);
  if (PRICE_KEYS.has(key)) return formatPrice(v);
  if (key === 'change') return row.last > 0 ? formatChange(v) : '';
  if (key === 'changePct') return row.last > 0 ? formatPercent(v) : '';
  if (key === 'foreignNet') return formatCompactVolume(v, true);
  if (key === 'pressure') return row.buyVol + row.sellVol + row.neutralVol > 0 ? v.toFixed(1) : '';
  return formatCompactVolume(v);
}

interface CellState {
  el: HTMLTableCellElement;
  /** The text last written (so a repaint needs no DOM read). */
  text: string;
  tone: string;
  flash: string;
  /** performance.now() after which the flash is cleared. */
  flashUntil: number;
}

/** How long a changed cell stays highlighted. */
export const FLASH_MS = 600;

interface RowView {
  tr: HTMLTableRowElement;
  cells: Record<CellKey, CellState>;
  visible: boolean;
  /** The sparkline: last distinct prices (oldest first) and its polyline. */
  spark: number[];
  sparkSvg: SVGSVGElement;
  sparkLine: SVGPolylineElement;
  sparkTone: string;
}

/** Sortable columns: header key -> row field. */
const SORTABLE: Partial<Record<CellKey, SortKey>> = {
  symbol: 'symbol', last: 'last', change: 'change', changePct: 'changePct', totalVol: 'totalVol',
  buyVol: 'buyVol', sellVol: 'sellVol', pressure: 'pressure', foreignNet: 'foreignNet',
};

const HEADERS: Record<CellKey, string> = {
  symbol: 'Symbol', ref: 'Ref', ceiling: 'Ceil', floor: 'Floor',
  b3p: 'Bid 3', b3v: 'Vol', b2p: 'Bid 2', b2v: 'Vol', b1p: 'Bid 1', b1v: 'Vol',
  last: 'Last', lastVol: 'Vol', change: '+/-', changePct: '%',
  a1p: 'Ask 1', a1v: 'Vol', a2p: 'Ask 2', a2v: 'Vol', a3p: 'Ask 3', a3v: 'Vol',
  totalVol: 'Total', high: 'High', low: 'Low', buyVol: 'Buy', sellVol: 'Sell', pressure: 'Buy %',
  foreignNet: 'Net',
};

const LONG_NAMES: Partial<Record<CellKey, string>> = {
  totalVol: 'total volume', buyVol: 'active buy volume', sellVol: 'active sell volume',
  foreignNet: 'foreign net volume', changePct: 'change %', change: 'change',
  pressure: 'buy pressure (active buy in % of the volume; green above 50 %)',
};

export interface BoardViewOptions {
  onSymbolClick?: (symbol: string) => void;
  /** Schedules a paint; tests pass a synchronous one. */
  requestFrame?: (cb: () => void) => void;
  /** Clock for flash expiry and paint pacing (tests pass a fake one). */
  now?: () => number;
  /** Minimum time between two paints of the board (0: every animation frame). */
  minPaintIntervalMs?: number;
}

export class BoardView {
  readonly model = new BoardModel();
  readonly table: HTMLTableElement;
  private readonly tbody: HTMLTableSectionElement;
  private readonly views = new Map<string, RowView>();
  private pending = new Map<string, RowUpdate>();
  private frameRequested = false;
  private filter = '';
  private sortKey: SortKey | null = null;
  private descending = false;
  private lastSortAt = 0;
  private readonly requestFrame: (cb: () => void) => void;
  /** Count of flashed cell changes (the benchmark and tests read it). */
  paintedCells = 0;
  private flashing: CellState[] = [];
  /** Rows whose sparkline got prices since their last paint. */
  private readonly sparkDirty = new Set<string>();
  private lastPaintAt = -Infinity;
  private readonly minPaintIntervalMs: number;
  private sweepTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: BoardViewOptions = {}) {
    this.requestFrame = opts.requestFrame ?? ((cb) => requestAnimationFrame(cb));
    this.now = opts.now ?? (() => performance.now());
    this.minPaintIntervalMs = opts.minPaintIntervalMs ?? 0;
    this.table = document.createElement('table');
    this.table.className = 'board';
    this.table.setAttribute('aria-label', 'VN30 price board, prices in thousand VND');
    this.table.appendChild(this.buildHead());
    this.tbody = document.createElement('tbody');
    this.table.appendChild(this.tbody);
    this.tbody.addEventListener('click', (ev) => {
      const tr = (ev.target as HTMLElement).closest('tr');
      const sym = tr?.dataset.symbol;
      if (sym) this.opts.onSymbolClick?.(sym);
    });
  }

  private buildHead(): HTMLTableSectionElement {
    const thead = document.createElement('thead');
    const groups = document.createElement('tr');
    groups.className = 'groups';
    const spans: [string, number][] = [
      ['', 5], ['Best bids', 6], ['Matched', 4], ['Best asks', 6], ['Volume', 1], ['Day', 2], ['Active', 3], ['Foreign', 1],
    ];
    for (const [label, span] of spans) {
      const th = document.createElement('th');
      th.colSpan = span;
      th.textContent = label;
      groups.appendChild(th);
    }
    const names = document.createElement('tr');
    for (const key of CELL_KEYS) {
      const th = document.createElement('th');
      th.textContent = HEADERS[key];
      th.dataset.key = key;
      const sortKey = SORTABLE[key];
      if (sortKey) {
        th.classList.add('sortable');
        th.tabIndex = 0;
        th.title = 'Sort by ' + (LONG_NAMES[key] ?? HEADERS[key].toLowerCase());
        const toggle = () => this.toggleSort(sortKey, th);
        th.addEventListener('click', toggle);
        th.addEventListener('keydown', (ev) => {
          if (ev.key === 'Enter' || ev.key === ' ') toggle();
        });
      }
      names.appendChild(th);
      if (key === 'symbol') {
        const spark = document.createElement('th');
        spark.dataset.key = 'spark';
        spark.textContent = 'Trend';
        spark.title = `The last ${SPARK_POINTS} distinct trade prices`;
        names.appendChild(spark);
      }
    }
    thead.append(groups, names);
    return thead;
  }

  private toggleSort(key: SortKey, th: HTMLElement): void {
    const firstDescending = key !== 'symbol';
    if (this.sortKey === key) {
      // Second click reverses the order, the third goes back to the list order.
      if (this.descending === firstDescending) this.descending = !firstDescending;
      else this.sortKey = null;
    } else {
      this.sortKey = key;
      this.descending = key !== 'symbol';
    }
    this.table.querySelectorAll('th[aria-sort]').forEach((h) => h.removeAttribute('aria-sort'));
    if (this.sortKey) th.setAttribute('aria-sort', this.descending ? 'descending' : 'ascending');
    this.reorder();
  }

  get sortState(): { key: SortKey | null; descending: boolean } {
    return { key: this.sortKey, descending: this.descending };
  }

  /** Shows rows for these symbols (in this order) before any quote arrives. */
  setSymbols(symbols: string[]): void {
    for (const s of symbols) this.applyNow({ symbol: s });
    this.reorder();
  }

  /** Queues an update; it is painted on the next frame together with the others. */
  update(u: RowUpdate): void {
    this.pending.set(u.symbol, mergeUpdate(this.pending.get(u.symbol), u));
    if (!this.frameRequested) {
      this.frameRequested = true;
      // Paint on the next frame, but not more often than minPaintIntervalMs: every paint lays the
      // whole table out again, so fewer, larger batches cost less than one per frame.
      const wait = this.lastPaintAt + this.minPaintIntervalMs - this.now();
      if (wait > 0 && typeof setTimeout === 'function') {
        setTimeout(() => this.requestFrame(() => this.flush()), wait);
      } else {
        this.requestFrame(() => this.flush());
      }
    }
  }

  /** Paints every queued update now. */
  flush(): void {
    this.frameRequested = false;
    this.lastPaintAt = this.now();
    const batch = this.pending;
    this.pending = new Map();
    let added = false;
    for (const u of batch.values()) {
      if (!this.views.has(u.symbol)) added = true;
      this.applyNow(u);
    }
    this.sweepFlashes();
    const now = Date.now();
    // Re-sorting on every frame makes rows jump under the pointer; once a second is enough.
    if (added || (this.sortKey && this.sortKey !== 'symbol' && now - this.lastSortAt > 1000)) {
      this.reorder();
    }
  }

  /** Clears the flashes that are over; re-arms itself while any cell is still flashing. */
  sweepFlashes(): void {
    const now = this.now();
    let kept = 0;
    for (const cell of this.flashing) {
      if (cell.flashUntil > now) {
        this.flashing[kept++] = cell;
      } else {
        cell.flashUntil = 0;
        cell.flash = '';
        if (cell.el.className !== cell.tone) cell.el.className = cell.tone;
      }
    }
    this.flashing.length = kept;
    if (kept > 0 && this.sweepTimer === null && typeof setTimeout === 'function') {
      this.sweepTimer = setTimeout(() => {
        this.sweepTimer = null;
        this.requestFrame(() => this.sweepFlashes());
      }, 100);
    }
  }

  setFilter(text: string): void {
    this.filter = text;
    for (const [symbol, view] of this.views) {
      const show = matchesFilter(symbol, text);
      if (show !== view.visible) {
        view.visible = show;
        view.tr.hidden = !show;
      }
    }
  }

  visibleSymbols(): string[] {
    return (Array.from(this.tbody.children) as HTMLTableRowElement[]).filter((tr) => !tr.hidden).map((tr) => tr.dataset.symbol ?? '');
  }

  private applyNow(u: RowUpdate): void {
    const changes = this.model.apply(u);
    if (changes.length === 0) {
      const view = this.views.get(u.symbol);
      if (view && this.sparkDirty.delete(u.symbol)) this.drawSpark(view, this.model.get(u.symbol)!);
      return;
    }
    const row = this.model.get(u.symbol)!;
    const view = this.views.get(u.symbol) ?? this.createRow(row);
    // A changed price recolours its volume too and a changed last recolours the symbol and change.
    const keys = new Set<CellKey>();
    for (const c of changes) keys.add(c.key);
    if (changes.some((c) => c.key === 'ref' || c.key === 'ceiling' || c.key === 'floor')) {
      for (const k of CELL_KEYS) keys.add(k);
    }
    for (const k of [...keys]) {
      const pair = k.endsWith('p') && k.length === 3 ? ((k.slice(0, 2) + 'v') as CellKey) : null;
      if (pair) keys.add(pair);
      if (k === 'last') { keys.add('symbol'); keys.add('lastVol'); keys.add('change'); keys.add('changePct'); }
    }
    const dirs = new Map(changes.map((c) => [c.key, c.dir]));
    for (const key of keys) {
      const cell = view.cells[key];
      const text = cellText(row, key);
      if (cell.text !== text) {
        cell.text = text;
        cell.el.textContent = text;
      }
      cell.tone = cellTone(row, key);
      const dir = dirs.get(key);
      if (dir !== undefined && dir !== 0 && key !== 'symbol' && !NO_FLASH.has(key)) {
        cell.flash = dir > 0 ? 'fu' : 'fd';
        if (cell.flashUntil === 0) this.flashing.push(cell);
        cell.flashUntil = this.now() + FLASH_MS;
        this.paintedCells++;
      }
      const cls = cell.flash ? cell.tone + ' ' + cell.flash : cell.tone;
      if (cell.el.className !== cls) cell.el.className = cls;
    }
    if (keys.has('last')) appendDistinct(view.spark, row.last);
    if (this.sparkDirty.delete(u.symbol) || keys.has('last') || keys.has('ref')) this.drawSpark(view, row);
  }

  /**
   * A trade price for the sparkline, from every quote message (the board itself paints merged
   * updates, which would skip prices traded between two paints); drawn with the next paint.
   */
  pushSparkPrice(symbol: string, price: number): void {
    const view = this.views.get(symbol);
    if (!view || !appendDistinct(view.spark, price)) return;
    this.sparkDirty.add(symbol);
    this.update({ symbol });
  }

  /**
   * Replaces the sparkline prices of a symbol (from /api/market/sparklines: the last distinct
   * trade prices, oldest first); live trades extend it from then on.
   */
  setSparkline(symbol: string, prices: readonly number[]): void {
    const view = this.views.get(symbol);
    if (!view) return;
    view.spark = prices.filter((p) => p > 0).slice(-SPARK_POINTS);
    const row = this.model.get(symbol)!;
    appendDistinct(view.spark, row.last);
    this.drawSpark(view, row);
  }

  /** The sparkline prices held for a symbol (tests, the browser test). */
  sparkline(symbol: string): number[] {
    return [...(this.views.get(symbol)?.spark ?? [])];
  }

  private drawSpark(view: RowView, row: BoardRow): void {
    const pts = sparkPoints(view.spark, SPARK_W, SPARK_H, 2);
    if (view.sparkLine.getAttribute('points') !== pts) view.sparkLine.setAttribute('points', pts);
    const first = view.spark[0] ?? 0;
    const last = view.spark[view.spark.length - 1] ?? 0;
    // coloured by where the line ends against the reference price, like the last price
    const tone = 'spark ' + (row.ref > 0 && last > 0 ? (last > row.ref ? 'up' : last < row.ref ? 'down' : 'ref') : last > first ? 'up' : 'down');
    if (view.sparkTone !== tone) {
      view.sparkTone = tone;
      view.sparkSvg.setAttribute('class', tone);
    }
    view.sparkSvg.dataset.points = String(view.spark.length);
  }

  private createRow(row: BoardRow): RowView {
    const tr = document.createElement('tr');
    tr.dataset.symbol = row.symbol;
    const cells = {} as Record<CellKey, CellState>;
    const sparkTd = document.createElement('td');
    sparkTd.dataset.key = 'spark';
    const sparkSvg = document.createElementNS(SVG_NS, 'svg');
    sparkSvg.setAttribute('viewBox', `0 0 ${SPARK_W} ${SPARK_H}`);
    sparkSvg.setAttribute('width', String(SPARK_W));
    sparkSvg.setAttribute('height', String(SPARK_H));
    sparkSvg.setAttribute('aria-hidden', 'true');
    sparkSvg.setAttribute('class', 'spark');
    const sparkLine = document.createElementNS(SVG_NS, 'polyline');
    sparkSvg.appendChild(sparkLine);
    sparkTd.appendChild(sparkSvg);
    for (const key of CELL_KEYS) {
      const td = document.createElement('td');
      td.dataset.key = key;
      cells[key] = { el: td, text: '', tone: 'none', flash: '', flashUntil: 0 };
      tr.appendChild(td);
      if (key === 'symbol') tr.appendChild(sparkTd);
    }
    cells.symbol.el.tabIndex = 0;
    cells.symbol.el.setAttribute('role', 'link');
    cells.symbol.el.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') this.opts.onSymbolClick?.(row.symbol);
    });
    const view: RowView = {
      tr, cells, visible: matchesFilter(row.symbol, this.filter), spark: [], sparkSvg, sparkLine, sparkTone: 'spark',
    };
    tr.hidden = !view.visible;
    this.views.set(row.symbol, view);
    this.tbody.appendChild(tr);
    return view;
  }

  private reorder(): void {
    this.lastSortAt = Date.now();
    const rows = this.sortKey
      ? sortRows(this.model.all(), this.sortKey, this.descending)
      : this.model.all();
    const current = (Array.from(this.tbody.children) as HTMLTableRowElement[]).map((tr) => tr.dataset.symbol);
    if (rows.every((r, i) => current[i] === r.symbol)) return;
    for (const r of rows) {
      const v = this.views.get(r.symbol);
      if (v) this.tbody.appendChild(v.tr);
    }
  }
}

/**
 * The price board's state: one row per symbol, updated by partial quotes. `apply` merges an update
 * and reports which cells changed and in which direction, which is all the view needs to repaint
 * only those cells and flash them. Sorting and filtering are pure functions over the rows.
 */
import { changePercent, priceTone, type PriceTone } from './format';
import { buyPressure } from './sparkline';

export interface Level {
  price: number;
  volume: number;
}

/** One board row. Prices in VND, volumes in shares. */
export interface BoardRow {
  symbol: string;
  exchange: string;
  ref: number;
  ceiling: number;
  floor: number;
  bids: Level[];
  asks: Level[];
  last: number;
  lastVol: number;
  change: number;
  changePct: number;
  totalVol: number;
  high: number;
  low: number;
  buyVol: number;
  sellVol: number;
  neutralVol: number;
  foreignNet: number;
  ts: number;
}

/** A partial row as decoded from the backend: only the symbol is required. */
export type RowUpdate = Partial<BoardRow> & { symbol: string };

/** Cells of the board, in display order. b3..b1 = bids (3rd best first), a1..a3 = asks. */
export const CELL_KEYS = [
  'symbol', 'ref', 'ceiling', 'floor',
  'b3p', 'b3v', 'b2p', 'b2v', 'b1p', 'b1v',
  'last', 'lastVol', 'change', 'changePct',
  'a1p', 'a1v', 'a2p', 'a2v', 'a3p', 'a3v',
  'totalVol', 'high', 'low', 'buyVol', 'sellVol', 'pressure', 'foreignNet',
] as const;
export type CellKey = (typeof CELL_KEYS)[number];

export type SortKey = 'symbol' | 'last' | 'change' | 'changePct' | 'totalVol' | 'buyVol' | 'sellVol' | 'pressure' | 'foreignNet';

export interface CellChange {
  key: CellKey;
  /** +1 the value went up, -1 down, 0 changed without a direction (text). */
  dir: number;
}

export function emptyRow(symbol: string): BoardRow {
  return {
    symbol, exchange: '', ref: 0, ceiling: 0, floor: 0,
    bids: [], asks: [], last: 0, lastVol: 0, change: 0, changePct: 0,
    totalVol: 0, high: 0, low: 0, buyVol: 0, sellVol: 0, neutralVol: 0, foreignNet: 0, ts: 0,
  };
}

/** The numeric value behind a cell (the symbol cell has none). */
export function cellValue(row: BoardRow, key: CellKey): number {
  switch (key) {
    case 'symbol': return 0;
    case 'b1p': return row.bids[0]?.price ?? 0;
    case 'b1v': return row.bids[0]?.volume ?? 0;
    case 'b2p': return row.bids[1]?.price ?? 0;
    case 'b2v': return row.bids[1]?.volume ?? 0;
    case 'b3p': return row.bids[2]?.price ?? 0;
    case 'b3v': return row.bids[2]?.volume ?? 0;
    case 'a1p': return row.asks[0]?.price ?? 0;
    case 'a1v': return row.asks[0]?.volume ?? 0;
    case 'a2p': return row.asks[1]?.price ?? 0;
    case 'a2v': return row.asks[1]?.volume ?? 0;
    case 'a3p': return row.asks[2]?.price ?? 0;
    case 'a3v': return row.asks[2]?.volume ?? 0;
    case 'pressure': return pressureOf(row);
    default: return row[key];
  }
}

/** Buy pressure in percent (2 decimals), 0 before the first classified trade. */
export function pressureOf(row: BoardRow): number {
  const p = buyPressure(row.buyVol, row.sellVol, row.neutralVol);
  return p === null ? 0 : Math.round(p * 100) / 100;
}

/** The price a cell is coloured by: a book volume takes its level's price, change takes last. */
export function cellTone(row: BoardRow, key: CellKey): PriceTone {
  let price: number;
  switch (key) {
    case 'ref': return row.ref > 0 ? 'ref' : 'none';
    case 'ceiling': return row.ceiling > 0 ? 'ceil' : 'none';
    case 'floor': return row.floor > 0 ? 'floor' : 'none';
    case 'symbol': case 'last': case 'lastVol': case 'change': case 'changePct':
      price = row.last; break;
    case 'b1p': case 'b1v': price = row.bids[0]?.price ?? 0; break;
    case 'b2p': case 'b2v': price = row.bids[1]?.price ?? 0; break;
    case 'b3p': case 'b3v': price = row.bids[2]?.price ?? 0; break;
    case 'a1p': case 'a1v': price = row.asks[0]?.price ?? 0; break;
    case 'a2p': case 'a2v': price = row.asks[1]?.price ?? 0; break;
    case 'a3p': case 'a3v': price = row.asks[2]?.price ?? 0; break;
    case 'high': price = row.high; break;
    case 'low': price = row.low; break;
    case 'buyVol': return row.buyVol > 0 ? 'up' : 'none';
    case 'sellVol': return row.sellVol > 0 ? 'down' : 'none';
    case 'pressure': {
      // green above 50 %, red below: more of the volume was bought actively than sold
      const p = buyPressure(row.buyVol, row.sellVol, row.neutralVol);
      return p === null ? 'none' : p > 50 ? 'up' : p < 50 ? 'down' : 'ref';
    }
    case 'foreignNet': return row.foreignNet > 0 ? 'up' : row.foreignNet < 0 ? 'down' : 'none';
    default: return 'none';
  }
  return priceTone(price, row.ref, row.ceiling, row.floor);
}

function copyLevels(levels: Level[] | undefined, fallback: Level[]): Level[] {
  if (!levels) return fallback;
  return levels.slice(0, 3).map((l) => ({ price: l.price, volume: l.volume }));
}

export class BoardModel {
  private readonly rows = new Map<string, BoardRow>();
  /** Symbols in the order they were first seen (the VN30 list order from /api/symbols). */
  private readonly order: string[] = [];

  get size(): number {
    return this.rows.size;
  }

  get(symbol: string): BoardRow | undefined {
    return this.rows.get(symbol);
  }

  symbols(): string[] {
    return [...this.order];
  }

  all(): BoardRow[] {
    return this.order.map((s) => this.rows.get(s)!);
  }

  /** Adds an empty row (so the board shows every VN30 symbol before its first quote). */
  ensure(symbol: string): BoardRow {
    let row = this.rows.get(symbol);
    if (!row) {
      row = emptyRow(symbol);
      this.rows.set(symbol, row);
      this.order.push(symbol);
    }
    return row;
  }

  /**
   * Merges an update into its row and returns the cells whose value changed. A row that did not
   * exist is created; its first values are reported as changes with direction 0 (no flash).
   */
  apply(update: RowUpdate): CellChange[] {
    const isNew = !this.rows.has(update.symbol);
    const row = this.ensure(update.symbol);
    const before: number[] = CELL_KEYS.map((k) => cellValue(row, k));
    const { bids, asks, ...scalars } = update;
    for (const [k, v] of Object.entries(scalars)) {
      if (v !== undefined && v !== null) (row as unknown as Record<string, unknown>)[k] = v;
    }
    row.bids = copyLevels(bids, row.bids);
    row.asks = copyLevels(asks, row.asks);
    if (update.change === undefined && row.last > 0 && row.ref > 0) row.change = row.last - row.ref;
    if (update.changePct === undefined && row.last > 0 && row.ref > 0) {
      row.changePct = changePercent(row.last, row.ref);
    }
    const changes: CellChange[] = [];
    CELL_KEYS.forEach((key, i) => {
      const now = cellValue(row, key);
      if (now !== before[i]) {
        changes.push({ key, dir: isNew || before[i] === 0 ? 0 : Math.sign(now - before[i]) });
      }
    });
    if (isNew && !changes.some((c) => c.key === 'symbol')) changes.unshift({ key: 'symbol', dir: 0 });
    return changes;
  }

  clear(): void {
    this.rows.clear();
    this.order.length = 0;
  }
}

/** Merges `next` into `pending` so several updates of one symbol within a frame cost one repaint. */
export function mergeUpdate(pending: RowUpdate | undefined, next: RowUpdate): RowUpdate {
  if (!pending) return { ...next };
  const merged: RowUpdate = { ...pending };
  for (const [k, v] of Object.entries(next)) {
    if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
  }
  return merged;
}

/** Rows whose symbol contains the filter text (case-insensitive); all rows for an empty filter. */
export function matchesFilter(symbol: string, filter: string): boolean {
  const f = filter.trim().toUpperCase();
  return f === '' || symbol.toUpperCase().includes(f);
}

/** A sorted copy of the rows; ties keep the symbol order so rows do not jump. */
export function sortRows(rows: BoardRow[], key: SortKey, descending: boolean): BoardRow[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (key === 'symbol') return sign * a.symbol.localeCompare(b.symbol);
    const d = key === 'pressure' ? pressureOf(a) - pressureOf(b) : (a[key] as number) - (b[key] as number);
    return d !== 0 ? sign * d : a.symbol.localeCompare(b.symbol);
  });
}

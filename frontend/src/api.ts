/**
 * The backend's contract (backend/API.md) as types, and the decoders that turn its messages into
 * board updates. Times are epoch ms (UTC); stock prices VND integers; futures and indices points.
 */
import type { RowUpdate } from './board';

export type Session = 'pre_open' | 'ato' | 'continuous' | 'lunch' | 'atc' | 'put_through' | 'closed';
export type Side = 'buy' | 'sell' | 'neutral' | null;

export interface LevelJson { price: number; volume: number }

export interface StockView {
  symbol: string; exchange: string; session: Session | null; ts: number;
  ref: number; ceiling: number; floor: number;
  open: number; high: number; low: number; last: number; change: number; changePct: number;
  totalVol: number; totalVal: number;
  bids: LevelJson[]; asks: LevelJson[];
  activeBuyVol: number; activeSellVol: number; neutralVol: number;
  lastSide: Side; lastVol: number;
}

export interface FuturesView extends StockView {
  underlying: string; indexValue: number; basis: number; basisPct: number;
  basisState: 'premium' | 'discount' | 'par';
  /** Contracts open; null when the feed does not give it. */
  openInterest?: number | null;
  contracts?: ContractView[];
}

export interface IndexView {
  symbol: string; session: Session | null; ts: number;
  value: number; prior: number; change: number; changePct: number;
  totalQtty: number; totalValue: number;
  advances: number; noChanges: number; declines: number; ceilings: number; floors: number;
  series: [number, number][];
}

export interface ForeignView {
  symbol: string; ts: number; totalRoom: number; currentRoom: number;
  buyVol: number; sellVol: number; buyVal: number; sellVal: number;
  netVol: number; netVal: number; speed: number; acceleration: number;
}

export interface SymbolsReply {
  vn30: string[]; indices: string[]; futures: string | null;
  symbols: { symbol: string; type: string; exchange: string; name: string; priceUnit: string }[];
}

export interface SessionSplit { buyVol: number; sellVol: number; neutralVol: number; buyVal: number; sellVal: number; neutralVal: number }
export type VolumeSession = 'ato' | 'continuous' | 'atc';

export interface VolumeStats {
  symbol: string; totalVol: number; activeBuyVol: number; activeSellVol: number; neutralVol: number;
  sessions: { ato: number; continuous: number; atc: number }; buySellRatio: number;
  activeBuyVal: number; activeSellVal: number; neutralVal: number; buyPressure: number;
  bySession: Record<VolumeSession, SessionSplit>;
}

export interface VolumeStatsReply { ts: number; stocks: VolumeStats[]; totals: Omit<VolumeStats, 'symbol'> }

export type AlertKind = 'volume_spike' | 'price_breakout' | 'foreign_acceleration' | 'basis_flip';
export type Severity = 'info' | 'warning' | 'critical';

export interface Alert {
  id: string; kind: AlertKind; severity: Severity; symbol: string; message: string; ts: number;
  data: Record<string, unknown>;
}

export interface AlertsReply { source: string; from: number; to: number; alerts: Alert[] }

export interface Convergence { state: 'converging' | 'diverging' | 'steady' | 'unknown'; slope: number; points: number }

export interface DerivativesView {
  symbol: string; ts: number; basis: number; basisState: 'premium' | 'discount' | 'par';
  basisSeries: [number, number][]; priceSeries: [number, number][]; convergence: Convergence;
}

export interface ContractView {
  symbol: string; last: number; change: number; changePct: number; totalVol: number;
  openInterest: number | null; basis: number; shown: boolean;
}

export interface DerivativesReply { ts: number; futures: FuturesView | null; derivatives: DerivativesView | null }

export interface ForeignTotals { buyVol: number; sellVol: number; buyVal: number; sellVal: number; netVol: number; netVal: number }
export interface ForeignMover { symbol: string; netVal: number; netVol: number }
export interface SectorFlow { sector: string; buyVal: number; sellVal: number; netVal: number; symbols: string[] }

export interface ForeignReply {
  ts: number; foreign: ForeignView[]; totals: ForeignTotals; flow: [number, number][];
  top: { buyers: ForeignMover[]; sellers: ForeignMover[] }; sectors: SectorFlow[];
}

export interface SparklinesReply { ts: number; points: number; sparklines: Record<string, number[]> }

export interface Candle {
  t: number; open: number; high: number; low: number; close: number; volume: number;
  /** Active buy / active sell part of volume (history API; live candles count them too). */
  buyVolume?: number; sellVolume?: number;
}
export interface Tick { ts: number; price: number; volume: number; side: Side; session: Session | null }

/**
 * A row of a /ws/market update: its key and time, plus only the fields that changed since the previous
 * message for that row (API.md); merge it into the row held. Snapshots carry whole rows.
 */
export type RowDelta<T extends { symbol: string; ts: number }> = Partial<T> & Pick<T, 'symbol' | 'ts'>;

export interface ServerMessage {
  type: 'snapshot' | 'update' | 'heartbeat' | 'error';
  channel: 'market' | 'foreign' | 'index' | 'alerts';
  ts: number;
  data?: {
    stocks?: RowDelta<StockView>[];
    futures?: RowDelta<FuturesView> | null;
    indices?: IndexView[];
    foreign?: ForeignView[];
    alerts?: Alert[];
  };
  error?: string;
  detail?: string;
  /** In heartbeats and snapshots: the market-data feed behind the socket (API.md). */
  feed?: FeedInfo;
}

/** The server's market-data source: an open socket can sit in front of a feed that stopped. */
export interface FeedInfo {
  state: 'new' | 'connecting' | 'streaming' | 'idle' | 'reconnecting' | 'failed' | 'stopped';
  lastEventMs: number | null;
}

/** A StockView as a board row update. */
export function stockToRow(s: StockView): RowUpdate {
  return {
    symbol: s.symbol,
    exchange: s.exchange,
    ref: s.ref, ceiling: s.ceiling, floor: s.floor,
    bids: s.bids, asks: s.asks,
    last: s.last, lastVol: s.lastVol,
    change: s.last > 0 ? s.change : 0,
    changePct: s.last > 0 ? s.changePct : 0,
    totalVol: s.totalVol, high: s.high, low: s.low,
    buyVol: s.activeBuyVol, sellVol: s.activeSellVol, neutralVol: s.neutralVol,
    ts: s.ts,
  };
}

/** Checks the envelope of a WebSocket message; null for anything that is not one. */
export function asServerMessage(raw: unknown): ServerMessage | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Partial<ServerMessage>;
  if (typeof m.type !== 'string' || typeof m.channel !== 'string') return null;
  return m as ServerMessage;
}

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** GET a JSON document from the backend; errors carry the problem's detail when there is one. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  if (!res.ok) {
    let detail = `${res.status} ${res.statusText}`;
    try {
      const body = await res.json();
      if (body && typeof body.detail === 'string') detail = body.detail;
    } catch {
      // not a problem body (e.g. nginx's 502 page)
    }
    throw new HttpError(res.status, detail);
  }
  return (await res.json()) as T;
}

/**
 * GETs a JSON document now and every `everyMs` after each answer while a page is open; errors go to
 * onError and the poll goes on. stop() ends it (and cancels a request in flight).
 */
export function poll<T>(path: string, everyMs: number, onData: (d: T) => void, onError: (e: Error) => void = () => {}): { stop: () => void } {
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const run = async () => {
    try {
      const body = await getJson<T>(path, abort.signal);
      if (!stopped) onData(body);
    } catch (e) {
      if (!stopped) onError(e as Error);
    }
    if (!stopped) timer = setTimeout(() => void run(), everyMs);
  };
  void run();
  return {
    stop() {
      stopped = true;
      abort.abort();
      if (timer !== null) clearTimeout(timer);
    },
  };
}

/**
 * The page's live data: four WebSocket streams (market, index, foreign, alerts) decoded into the latest
 * state per instrument, with listeners for the views and one combined connection state.
 */
import { AlertBook } from './alerts';
import { asServerMessage, type Alert, type FeedInfo, type ForeignView, type FuturesView, type IndexView, type RowDelta, type StockView } from './api';
import { foldSeriesPoint } from './candles';
import { combineStates, ReconnectingSocket, wsUrl, type ConnInfo, type ConnState } from './ws';

export type Channel = 'market' | 'index' | 'foreign' | 'alerts';
export const CHANNELS: readonly Channel[] = ['market', 'index', 'foreign', 'alerts'];

export interface ConnSummary {
  state: ConnState;
  /** Epoch ms of the last message on any stream. */
  lastMessageAt: number | null;
  /** Epoch ms of the next retry of the stream that waits longest, while not live. */
  nextRetryAt: number | null;
  attempt: number;
  /** The server's market-data feed, once a heartbeat or snapshot said (absent before). */
  feed?: FeedInfo;
}

type Listener<T> = (value: T) => void;

class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  on(l: Listener<T>): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  emit(v: T): void {
    for (const l of this.listeners) l(v);
  }
}

/** A row with a delta merged in; a row not held yet is the delta itself (then sent whole by the server). */
function merge<T extends { symbol: string; ts: number }>(held: T | undefined, delta: RowDelta<T>): T {
  return (held ? { ...held, ...delta } : delta) as T;
}

export class Store {
  readonly stocks = new Map<string, StockView>();
  readonly indices = new Map<string, IndexView>();
  readonly foreign = new Map<string, ForeignView>();
  futures: FuturesView | null = null;
  /** The day's alerts from /ws/alerts (snapshot of today's, then each new one). */
  readonly alerts = new AlertBook();

  /**
   * Stocks that changed, with the state they had before: undefined when new and for snapshots (a
   * snapshot after a reconnect may span an outage, so nothing is derived from the difference).
   */
  readonly onStocks = new Emitter<{ stock: StockView; prev: StockView | undefined }[]>();
  readonly onIndices = new Emitter<IndexView[]>();
  readonly onFutures = new Emitter<FuturesView>();
  readonly onForeign = new Emitter<ForeignView[]>();
  readonly onConn = new Emitter<ConnSummary>();
  /**
   * Alerts changed: `fresh` are the ones not held before, oldest first; `snapshot` is true when the
   * whole list was replaced (the first data, or a reconnect).
   */
  readonly onAlerts = new Emitter<{ fresh: Alert[]; snapshot: boolean }>();
  /** A snapshot arrived on a channel (first data, or data after a reconnect). */
  readonly onSnapshot = new Emitter<Channel>();

  private feed: FeedInfo | undefined;
  private readonly sockets = new Map<Channel, ReconnectingSocket>();
  private readonly infos = new Map<Channel, ConnInfo>();

  constructor(private readonly makeSocket = (ch: Channel, onMessage: (m: unknown) => void, onState: (i: ConnInfo) => void) =>
    new ReconnectingSocket({ url: wsUrl('/ws/' + ch), onMessage, onState, staleAfterMs: 35_000 })) {}

  start(): void {
    for (const ch of CHANNELS) {
      const s = this.makeSocket(ch, (m) => this.handle(ch, m), (i) => this.stateChanged(ch, i));
      this.sockets.set(ch, s);
      this.infos.set(ch, s.state);
      s.start();
    }
  }

  stop(): void {
    for (const s of this.sockets.values()) s.stop();
  }

  /** Retries every waiting stream now (the browser went back online). */
  reconnectNow(): void {
    for (const s of this.sockets.values()) s.reconnectNow();
  }

  summary(): ConnSummary {
    const infos = [...this.infos.values()];
    const state = combineStates(infos.map((i) => i.state));
    const times = infos.map((i) => i.lastMessageAt).filter((t): t is number => t !== null);
    const retries = infos.map((i) => i.nextRetryAt).filter((t): t is number => t !== null);
    return {
      state,
      lastMessageAt: times.length ? Math.max(...times) : null,
      nextRetryAt: retries.length ? Math.max(...retries) : null,
      attempt: Math.max(0, ...infos.map((i) => i.attempt)),
      ...(this.feed ? { feed: this.feed } : {}),
    };
  }

  private stateChanged(ch: Channel, info: ConnInfo): void {
    this.infos.set(ch, info);
    this.onConn.emit(this.summary());
  }

  /** Decodes one server message; exposed for tests and the benchmark's synthetic feed. */
  handle(ch: Channel, raw: unknown): void {
    const msg = asServerMessage(raw);
    if (msg?.feed && (this.feed?.state !== msg.feed.state || this.feed?.lastEventMs !== msg.feed.lastEventMs)) {
      this.feed = msg.feed;
      this.onConn.emit(this.summary());
    }
    if (!msg || !msg.data || (msg.type !== 'snapshot' && msg.type !== 'update')) return;
    const d = msg.data;
    if (d.stocks && d.stocks.length) {
      const changed = d.stocks.map((delta) => {
        const prev = msg.type === 'update' ? this.stocks.get(delta.symbol) : undefined;
        // updates carry only what changed: merged into the row held, they give the whole row again
        const stock = merge(prev, delta);
        this.stocks.set(stock.symbol, stock);
        return { stock, prev };
      });
      this.onStocks.emit(changed);
    }
    if (d.futures) {
      const held = msg.type === 'update' && this.futures?.symbol === d.futures.symbol ? this.futures : undefined;
      this.futures = merge(held, d.futures);
      this.onFutures.emit(this.futures);
    }
    if (d.indices && d.indices.length) {
      for (const idx of d.indices) {
        const prev = this.indices.get(idx.symbol);
        if (msg.type === 'update' && prev) {
          // Updates carry an empty series: extend the one we have.
          const series = prev.series;
          foldSeriesPoint(series, idx.ts, idx.value);
          this.indices.set(idx.symbol, { ...idx, series });
        } else {
          this.indices.set(idx.symbol, { ...idx, series: [...(idx.series ?? [])] });
        }
      }
      this.onIndices.emit(d.indices.map((i) => this.indices.get(i.symbol)!));
    }
    if (d.foreign && d.foreign.length) {
      for (const f of d.foreign) this.foreign.set(f.symbol, f);
      this.onForeign.emit(d.foreign);
    }
    if (d.alerts) {
      const snapshot = msg.type === 'snapshot';
      const fresh = snapshot ? this.alerts.replace(d.alerts) : this.alerts.add(d.alerts);
      if (snapshot || fresh.length) this.onAlerts.emit({ fresh, snapshot });
    }
    if (msg.type === 'snapshot') this.onSnapshot.emit(ch);
  }
}

/**
 * The page's live data: four WebSocket streams (market, index, foreign, alerts) decoded into the latest
 * state per instrument, with listeners for the views and one combined connection state. A stream whose
 * socket fails `pollAfterAttempts` times in a row (or is refused for its token) is read over REST
 * meanwhile (RestFallback) while its socket keeps retrying.
 */
import { AlertBook } from './alerts';
import { asServerMessage, type Alert, type FeedInfo, type ForeignView, type FuturesView, type IndexView, type RowDelta, type StockView } from './api';
import { foldSeriesPoint } from './candles';
import { RestFallback, type FallbackOptions } from './fallback';
import { combineStates, ReconnectingSocket, TOKEN_REJECTED, wsUrl, type ConnInfo, type ConnState } from './ws';

export type Channel = 'market' | 'index' | 'foreign' | 'alerts';
export const CHANNELS: readonly Channel[] = ['market', 'index', 'foreign', 'alerts'];

export interface ConnSummary {
  /** `polling`: some stream's socket is down but its data arrives over REST (the sockets keep retrying). */
  state: ConnState | 'polling';
  /** Epoch ms of the last message on any stream. */
  lastMessageAt: number | null;
  /** Epoch ms of the next retry of the stream that waits longest, while not live. */
  nextRetryAt: number | null;
  attempt: number;
  /** The server's market-data feed, once a heartbeat or snapshot said (absent before). */
  feed?: FeedInfo;
  /** The streams read over REST while their sockets are down (absent when none). */
  polling?: { channels: Channel[]; everyMs: number; lastOkAt: number | null; error: string | null };
  /** A socket was refused for a missing or wrong access token (close code 4401). */
  tokenRejected?: boolean;
}

export interface StoreOptions {
  /** Consecutive failed connections of a stream before it is read over REST. */
  pollAfterAttempts?: number;
  /** The socket access token (WS_TOKEN), sent as ?token= when set. */
  token?: string | null;
  fallback?: Partial<Omit<FallbackOptions, 'apply' | 'onChange'>>;
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
  private readonly pollAfter: number;
  readonly fallback: RestFallback;

  constructor(
    private readonly makeSocket?: (ch: Channel, onMessage: (m: unknown) => void, onState: (i: ConnInfo) => void) => ReconnectingSocket,
    opts: StoreOptions = {},
  ) {
    const token = opts.token ?? null;
    this.makeSocket ??= (ch, onMessage, onState) =>
      new ReconnectingSocket({ url: wsUrl('/ws/' + ch, location, token), onMessage, onState, staleAfterMs: 35_000 });
    this.pollAfter = opts.pollAfterAttempts ?? 3;
    this.fallback = new RestFallback({
      ...opts.fallback,
      apply: (ch, msg) => this.handle(ch, msg),
      onChange: () => this.onConn.emit(this.summary()),
    });
  }

  start(): void {
    for (const ch of CHANNELS) {
      const s = this.makeSocket!(ch, (m) => this.handle(ch, m), (i) => this.stateChanged(ch, i));
      this.sockets.set(ch, s);
      this.infos.set(ch, s.state);
      s.start();
    }
  }

  stop(): void {
    for (const s of this.sockets.values()) s.stop();
    this.fallback.stop();
  }

  /** Retries every waiting stream now (the browser went back online). */
  reconnectNow(): void {
    for (const s of this.sockets.values()) s.reconnectNow();
  }

  summary(): ConnSummary {
    const infos = [...this.infos.values()];
    const sockets = combineStates(infos.map((i) => i.state));
    const fb = this.fallback;
    const polled = fb.active;
    // REST stands in only for the streams that are down: the page is current when it reads them in time
    const state = sockets !== 'live' && fb.healthy()
      && [...this.infos].every(([ch, i]) => i.state === 'live' || polled.includes(ch)) ? 'polling' : sockets;
    const times = infos.map((i) => i.lastMessageAt).filter((t): t is number => t !== null);
    if (fb.lastOkAt !== null) times.push(fb.lastOkAt);
    const retries = infos.map((i) => i.nextRetryAt).filter((t): t is number => t !== null);
    return {
      state,
      lastMessageAt: times.length ? Math.max(...times) : null,
      nextRetryAt: retries.length ? Math.max(...retries) : null,
      attempt: Math.max(0, ...infos.map((i) => i.attempt)),
      ...(this.feed ? { feed: this.feed } : {}),
      ...(polled.length ? { polling: { channels: polled, everyMs: fb.everyMs, lastOkAt: fb.lastOkAt, error: fb.lastError } } : {}),
      ...(infos.some((i) => i.closeCode === TOKEN_REJECTED) ? { tokenRejected: true } : {}),
    };
  }

  private stateChanged(ch: Channel, info: ConnInfo): void {
    this.infos.set(ch, info);
    // repeated failures (or a refused token, which retrying alone does not fix): read it over REST meanwhile
    const down = info.state !== 'live' && (info.attempt >= this.pollAfter || info.closeCode === TOKEN_REJECTED);
    if (info.state === 'live' || down) this.fallback.set(ch, down); // emits when it changes
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

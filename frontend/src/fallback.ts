/**
 * REST polling for the streams whose WebSocket keeps failing: the same data from the REST API every
 * few seconds (market and index from /api/market/snapshot, foreign flow from /api/market/foreign,
 * the day's alerts from /api/alerts), handed to the store as the update the socket would have sent.
 * The sockets keep retrying meanwhile; a stream that is live again leaves the poll.
 */
import { getJson, type Alert, type ForeignView, type FuturesView, type IndexView, type ServerMessage, type StockView } from './api';
import { realClock, type Clock } from './ws';

export type PolledChannel = 'market' | 'index' | 'foreign' | 'alerts';

/** The REST path that serves each stream's data. */
export const POLL_PATH: Record<PolledChannel, string> = {
  market: '/api/market/snapshot',
  index: '/api/market/snapshot',
  foreign: '/api/market/foreign',
  alerts: '/api/alerts?limit=500',
};

interface SnapshotReply { ts: number; stocks: StockView[]; indices: IndexView[]; futures: FuturesView | null }

/** A REST reply as the update message of a stream (null when the body is not what the path serves). */
export function asUpdate(ch: PolledChannel, body: unknown, now: number): ServerMessage | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Partial<SnapshotReply> & { foreign?: ForeignView[]; alerts?: Alert[] };
  const ts = typeof b.ts === 'number' ? b.ts : now;
  const msg = (data: ServerMessage['data']): ServerMessage => ({ type: 'update', channel: ch, ts, data });
  switch (ch) {
    case 'market': return Array.isArray(b.stocks) ? msg({ stocks: b.stocks, futures: b.futures ?? null }) : null;
    case 'index': return Array.isArray(b.indices) ? msg({ indices: b.indices, futures: b.futures ?? null }) : null;
    case 'foreign': return Array.isArray(b.foreign) ? msg({ foreign: b.foreign }) : null;
    case 'alerts': return Array.isArray(b.alerts) ? msg({ alerts: b.alerts }) : null;
  }
}

export interface FallbackOptions {
  /** Hands a stream's data to the store. */
  apply: (ch: PolledChannel, msg: ServerMessage) => void;
  /** The poll's state changed (started, stopped, a read succeeded or failed). */
  onChange: () => void;
  everyMs?: number;
  fetchJson?: (path: string, signal: AbortSignal) => Promise<unknown>;
  clock?: Clock;
}

export class RestFallback {
  private readonly channels = new Set<PolledChannel>();
  private timer: unknown = null;
  private running = false;
  private abort: AbortController | null = null;
  /** Epoch ms of the last read that succeeded, and the last error (null after a success). */
  lastOkAt: number | null = null;
  lastError: string | null = null;
  readonly everyMs: number;
  private readonly fetchJson: (path: string, signal: AbortSignal) => Promise<unknown>;
  private readonly clock: Clock;

  constructor(private readonly opts: FallbackOptions) {
    this.everyMs = opts.everyMs ?? 5000;
    this.fetchJson = opts.fetchJson ?? ((p, s) => getJson<unknown>(p, s));
    this.clock = opts.clock ?? realClock;
  }

  /** The streams being polled, in a fixed order. */
  get active(): PolledChannel[] {
    return (['market', 'index', 'foreign', 'alerts'] as const).filter((c) => this.channels.has(c));
  }

  /** Polling, and the last read succeeded recently enough to call the data current. */
  healthy(): boolean {
    return this.channels.size > 0 && this.lastOkAt !== null && this.lastError === null
      && this.clock.now() - this.lastOkAt < this.everyMs * 2.5;
  }

  /** Starts or stops polling a stream; the first read of a new one is at once. */
  set(ch: PolledChannel, on: boolean): void {
    if (on === this.channels.has(ch)) return;
    if (on) this.channels.add(ch);
    else this.channels.delete(ch);
    if (this.channels.size === 0) this.stop();
    else if (on) this.runSoon();
    this.opts.onChange();
  }

  stop(): void {
    this.channels.clear();
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.abort?.abort();
    this.abort = null;
    this.running = false;
    this.lastOkAt = null;
    this.lastError = null;
  }

  private runSoon(): void {
    if (this.running) return; // the read in flight is followed by one that includes the new stream
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => void this.run(), 0);
  }

  private async run(): Promise<void> {
    this.timer = null;
    if (this.channels.size === 0) return;
    this.running = true;
    const abort = new AbortController();
    this.abort = abort;
    const byPath = new Map<string, PolledChannel[]>();
    for (const ch of this.active) byPath.set(POLL_PATH[ch], [...(byPath.get(POLL_PATH[ch]) ?? []), ch]);
    let error: string | null = null;
    for (const [path, chans] of byPath) {
      try {
        const body = await this.fetchJson(path, abort.signal);
        if (abort.signal.aborted) return;
        for (const ch of chans) {
          if (!this.channels.has(ch)) continue; // live again meanwhile
          const msg = asUpdate(ch, body, this.clock.now());
          if (msg) this.opts.apply(ch, msg);
          else error ??= `${path}: unexpected reply`;
        }
      } catch (e) {
        if (abort.signal.aborted) return;
        error ??= `${path}: ${(e as Error).message}`;
      }
    }
    this.running = false;
    this.abort = null;
    if (this.channels.size === 0) return;
    if (error === null) this.lastOkAt = this.clock.now();
    this.lastError = error;
    this.opts.onChange();
    this.timer = this.clock.setTimeout(() => void this.run(), this.everyMs);
  }
}

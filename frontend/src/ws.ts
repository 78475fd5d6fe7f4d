/**
 * A WebSocket client that reconnects by itself with exponential backoff and jitter, and reports an
 * honest connection state: "live" only after data arrived on the current connection, "reconnecting"
 * while it retries, "offline" after several failed attempts in a row (it keeps retrying at the
 * longest delay). A connection that goes silent for longer than staleAfterMs is treated as dead:
 * heartbeats from the server keep a healthy one well inside that.
 */

export type ConnState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** The part of the browser's WebSocket this client uses (so tests can pass a fake). */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Time source and timers (tests drive a fake clock). */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface ConnInfo {
  state: ConnState;
  /** Consecutive failed connection attempts (0 while live). */
  attempt: number;
  /** Epoch ms of the last message received, or null if none yet. */
  lastMessageAt: number | null;
  /** Epoch ms of the next connection attempt while waiting to retry, else null. */
  nextRetryAt: number | null;
  /** The close code of the last connection the server closed (e.g. 4401: token missing or wrong), else null. */
  closeCode?: number | null;
}

/** The server's close code for a missing or wrong access token (backend/API.md "Access token"). */
export const TOKEN_REJECTED = 4401;

export interface ReconnectOptions {
  url: string;
  onMessage: (data: unknown) => void;
  onState?: (info: ConnInfo) => void;
  /** Sent after every (re)connect, e.g. a subscription; null sends nothing. */
  onOpenMessage?: () => string | null;
  createSocket?: (url: string) => SocketLike;
  clock?: Clock;
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** +-fraction of the delay chosen at random, so clients do not reconnect in lockstep. */
  jitter?: number;
  /** After this many failed attempts in a row the state becomes "offline". */
  offlineAfterAttempts?: number;
  /** No message for this long on an open connection: close it and reconnect. */
  staleAfterMs?: number;
}

/** The backoff delay before attempt number `attempt` (1-based), before jitter. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  const exp = Math.min(attempt - 1, 30);
  return Math.min(maxMs, baseMs * Math.pow(2, exp));
}

export class ReconnectingSocket {
  private readonly opts: Required<Omit<ReconnectOptions, 'onState' | 'onOpenMessage'>> &
    Pick<ReconnectOptions, 'onState' | 'onOpenMessage'>;
  private socket: SocketLike | null = null;
  private retryTimer: unknown = null;
  private watchdogTimer: unknown = null;
  private stopped = true;
  private info: ConnInfo = { state: 'connecting', attempt: 0, lastMessageAt: null, nextRetryAt: null };
  private receivedOnThisSocket = false;
  /** When the current socket opened: the watchdog's reference until its first message. */
  private openedAt = 0;

  constructor(options: ReconnectOptions) {
    this.opts = {
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      clock: realClock,
      random: Math.random,
      baseDelayMs: 500,
      maxDelayMs: 15_000,
      jitter: 0.2,
      offlineAfterAttempts: 5,
      staleAfterMs: 20_000,
      ...options,
    };
  }

  get state(): ConnInfo {
    return { ...this.info };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    this.dropSocket();
  }

  send(data: string): void {
    this.socket?.send(data);
  }

  /** Retry now instead of waiting for the backoff (e.g. the browser came back online). */
  reconnectNow(): void {
    if (this.stopped || this.info.state === 'live' || this.info.state === 'connecting') return;
    if (this.retryTimer !== null) this.opts.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.open();
  }

  private open(): void {
    this.retryTimer = null;
    this.receivedOnThisSocket = false;
    if (this.info.attempt === 0 && this.info.lastMessageAt === null) {
      this.setState({ state: 'connecting', nextRetryAt: null });
    } else {
      this.setState({ nextRetryAt: null });
    }
    let socket: SocketLike;
    try {
      socket = this.opts.createSocket(this.opts.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      const first = this.opts.onOpenMessage?.();
      if (first) socket.send(first);
      this.armWatchdog();
    };
    socket.onmessage = (ev) => {
      if (socket !== this.socket) return;
      this.info.lastMessageAt = this.opts.clock.now();
      if (!this.receivedOnThisSocket) {
        this.receivedOnThisSocket = true;
        this.setState({ state: 'live', attempt: 0, nextRetryAt: null, closeCode: null });
      }
      let parsed: unknown;
      try {
        parsed = typeof ev.data === 'string' ? JSON.parse(ev.data) : ev.data;
      } catch {
        return; // not JSON: ignore the frame, keep the connection
      }
      this.opts.onMessage(parsed);
    };
    const lost = (ev: unknown) => {
      if (socket !== this.socket) return;
      this.dropSocket();
      const code = (ev as { code?: unknown } | null)?.code;
      if (!this.stopped) this.scheduleRetry(typeof code === 'number' && code !== 1005 && code !== 1006 ? code : null);
    };
    socket.onclose = lost;
    socket.onerror = lost;
  }

  private scheduleRetry(closeCode: number | null = null): void {
    if (this.watchdogTimer !== null) this.opts.clock.clearTimeout(this.watchdogTimer);
    this.watchdogTimer = null;
    const attempt = this.info.attempt + 1;
    const base = backoffDelay(attempt, this.opts.baseDelayMs, this.opts.maxDelayMs);
    const spread = base * this.opts.jitter * (this.opts.random() * 2 - 1);
    const delay = Math.max(0, Math.round(base + spread));
    const state: ConnState = attempt > this.opts.offlineAfterAttempts ? 'offline' : 'reconnecting';
    this.setState({ state, attempt, nextRetryAt: this.opts.clock.now() + delay, closeCode });
    this.retryTimer = this.opts.clock.setTimeout(() => this.open(), delay);
  }

  private armWatchdog(): void {
    if (this.watchdogTimer !== null) this.opts.clock.clearTimeout(this.watchdogTimer);
    const check = () => {
      this.watchdogTimer = null;
      if (this.stopped || !this.socket) return;
      const last = this.receivedOnThisSocket ? (this.info.lastMessageAt ?? 0) : this.openedAt;
      const silentFor = this.opts.clock.now() - last;
      if (silentFor >= this.opts.staleAfterMs) {
        this.dropSocket();
        this.scheduleRetry();
        return;
      }
      this.watchdogTimer = this.opts.clock.setTimeout(check, this.opts.staleAfterMs - silentFor);
    };
    this.openedAt = this.opts.clock.now();
    this.watchdogTimer = this.opts.clock.setTimeout(check, this.opts.staleAfterMs);
  }

  private dropSocket(): void {
    const s = this.socket;
    this.socket = null;
    if (!s) return;
    s.onopen = s.onmessage = s.onclose = s.onerror = null;
    try {
      s.close();
    } catch {
      // already closed
    }
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) this.opts.clock.clearTimeout(this.retryTimer);
    if (this.watchdogTimer !== null) this.opts.clock.clearTimeout(this.watchdogTimer);
    this.retryTimer = this.watchdogTimer = null;
  }

  private setState(patch: Partial<ConnInfo>): void {
    const before = this.info;
    this.info = { ...before, ...patch };
    if (
      before.state !== this.info.state ||
      before.attempt !== this.info.attempt ||
      before.nextRetryAt !== this.info.nextRetryAt
    ) {
      this.opts.onState?.({ ...this.info });
    }
  }
}

/**
 * The WebSocket URL for a path on the page's own host: ws:// for http, wss:// for https; with the
 * access token as `?token=` when there is one.
 */
export function wsUrl(path: string, loc: { protocol: string; host: string } = location, token: string | null = null): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}${path}` + (token ? `?token=${encodeURIComponent(token)}` : '');
}

/** Where the page keeps the socket token between visits. */
export const TOKEN_KEY = 'tracker.wsToken';

/**
 * The socket access token (off unless the server sets WS_TOKEN): opening the page with `?token=X`
 * stores X (an empty `?token=` forgets it); otherwise the stored one, or null. Returns the token
 * and the query string without it (so it does not stay in the address bar or a bookmark).
 */
export function takeToken(search: string, storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null):
{ token: string | null; search: string } {
  const params = new URLSearchParams(search);
  if (params.has('token')) {
    const t = (params.get('token') ?? '').trim();
    try {
      if (t) storage?.setItem(TOKEN_KEY, t);
      else storage?.removeItem(TOKEN_KEY);
    } catch {
      // storage disabled: the token still works for this page
    }
    params.delete('token');
    const rest = params.toString();
    return { token: t || null, search: rest ? '?' + rest : '' };
  }
  let stored: string | null = null;
  try {
    stored = storage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    stored = null;
  }
  return { token: stored || null, search };
}

/** The worst of several connection states: the page is live only when every stream is. */
export function combineStates(states: ConnState[]): ConnState {
  const rank: Record<ConnState, number> = { live: 0, connecting: 1, reconnecting: 2, offline: 3 };
  let worst: ConnState = 'live';
  for (const s of states) if (rank[s] > rank[worst]) worst = s;
  return states.length === 0 ? 'connecting' : worst;
}

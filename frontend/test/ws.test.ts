import { describe, expect, it } from 'vitest';
import { backoffDelay, combineStates, ReconnectingSocket, wsUrl, type ConnInfo, type SocketLike } from '../src/ws';
import { FakeClock } from './fakeClock';

class FakeSocket implements SocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  sent: string[] = [];
  closed = false;
  constructor(readonly url: string) {}
  send(d: string) { this.sent.push(d); }
  close() { this.closed = true; }
  open() { this.onopen?.({}); }
  message(obj: unknown) { this.onmessage?.({ data: JSON.stringify(obj) }); }
  drop() { this.onclose?.({}); }
}

function setup(extra: Partial<ConstructorParameters<typeof ReconnectingSocket>[0]> = {}) {
  const clock = new FakeClock();
  const sockets: FakeSocket[] = [];
  const states: ConnInfo[] = [];
  const messages: unknown[] = [];
  const client = new ReconnectingSocket({
    url: 'ws://example.test/ws/market',
    onMessage: (m) => messages.push(m),
    onState: (s) => states.push(s),
    createSocket: (url) => { const s = new FakeSocket(url); sockets.push(s); return s; },
    clock,
    random: () => 0.5, // no jitter
    baseDelayMs: 500,
    maxDelayMs: 8000,
    offlineAfterAttempts: 3,
    staleAfterMs: 10_000,
    ...extra,
  });
  return { clock, sockets, states, messages, client };
}

describe('backoff', () => {
  it('doubles from the base delay up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(a, 500, 8000)))
      .toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });
});

describe('ReconnectingSocket', () => {
  it('is live only once data arrived, not merely when the socket opened', () => {
    const { client, sockets, states, messages } = setup();
    client.start();
    expect(client.state.state).toBe('connecting');
    sockets[0].open();
    expect(client.state.state).toBe('connecting');
    sockets[0].message({ type: 'snapshot', n: 1 });
    expect(client.state.state).toBe('live');
    expect(messages).toEqual([{ type: 'snapshot', n: 1 }]);
    expect(states.map((s) => s.state)).toEqual(['live']);
  });

  it('sends the subscription after every connect', () => {
    const { client, sockets, clock } = setup({ onOpenMessage: () => '{"subscribe":["FPT"]}' });
    client.start();
    sockets[0].open();
    sockets[0].drop();
    clock.advance(500);
    sockets[1].open();
    expect(sockets[0].sent).toEqual(['{"subscribe":["FPT"]}']);
    expect(sockets[1].sent).toEqual(['{"subscribe":["FPT"]}']);
  });

  it('reconnects with growing delays, goes offline after repeated failures and recovers', () => {
    const { client, sockets, clock } = setup();
    client.start();
    sockets[0].open();
    sockets[0].message({});
    sockets[0].drop();
    expect(client.state).toMatchObject({ state: 'reconnecting', attempt: 1, nextRetryAt: clock.t + 500 });
    clock.advance(499);
    expect(sockets).toHaveLength(1);
    clock.advance(1);
    expect(sockets).toHaveLength(2);
    sockets[1].drop();
    expect(client.state).toMatchObject({ state: 'reconnecting', attempt: 2, nextRetryAt: clock.t + 1000 });
    clock.advance(1000);
    sockets[2].onerror?.({});
    expect(client.state).toMatchObject({ state: 'reconnecting', attempt: 3 });
    clock.advance(2000);
    sockets[3].drop();
    expect(client.state).toMatchObject({ state: 'offline', attempt: 4, nextRetryAt: clock.t + 4000 });
    clock.advance(4000);
    sockets[4].open();
    expect(client.state.state).toBe('offline');
    sockets[4].message({ type: 'snapshot' });
    expect(client.state).toMatchObject({ state: 'live', attempt: 0, nextRetryAt: null });
    // After recovery the backoff starts again from the base delay.
    sockets[4].drop();
    expect(client.state.nextRetryAt).toBe(clock.t + 500);
  });

  it('keeps the time of the last message while reconnecting', () => {
    const { client, sockets, clock } = setup();
    client.start();
    sockets[0].open();
    sockets[0].message({});
    const at = clock.t;
    clock.advance(3000);
    sockets[0].drop();
    expect(client.state.lastMessageAt).toBe(at);
  });

  it('applies jitter within the configured spread', () => {
    const low = setup({ random: () => 0, jitter: 0.2 });
    low.client.start();
    low.sockets[0].drop();
    expect(low.client.state.nextRetryAt! - low.clock.t).toBe(400);
    const high = setup({ random: () => 0.9999, jitter: 0.2 });
    high.client.start();
    high.sockets[0].drop();
    expect(high.client.state.nextRetryAt! - high.clock.t).toBe(600);
  });

  it('treats a silent connection as dead and reconnects', () => {
    const { client, sockets, clock } = setup();
    client.start();
    sockets[0].open();
    sockets[0].message({});
    clock.advance(9_000);
    sockets[0].message({ type: 'heartbeat' });
    clock.advance(9_000);
    expect(client.state.state).toBe('live');
    clock.advance(1_000);
    expect(client.state.state).toBe('reconnecting');
    expect(sockets[0].closed).toBe(true);
    clock.advance(500);
    expect(sockets).toHaveLength(2);
  });

  it('ignores events from a socket it already replaced, and frames that are not JSON', () => {
    const { client, sockets, clock, messages } = setup();
    client.start();
    sockets[0].open();
    sockets[0].drop();
    clock.advance(500);
    sockets[0].message({ stale: true });
    sockets[0].drop();
    expect(client.state.attempt).toBe(1);
    sockets[1].onmessage?.({ data: 'not json' });
    expect(messages).toEqual([]);
    expect(client.state.state).toBe('live');
  });

  it('stops for good: no timers, no reconnect', () => {
    const { client, sockets, clock } = setup();
    client.start();
    sockets[0].open();
    sockets[0].message({});
    client.stop();
    expect(sockets[0].closed).toBe(true);
    expect(clock.pending).toBe(0);
    clock.advance(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('reconnects at once when asked while waiting', () => {
    const { client, sockets } = setup();
    client.start();
    sockets[0].drop();
    client.reconnectNow();
    expect(sockets).toHaveLength(2);
  });
});

describe('URLs and combined state', () => {
  it('derives the WebSocket URL from the page location', () => {
    expect(wsUrl('/ws/market', { protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/ws/market');
    expect(wsUrl('/ws/index', { protocol: 'https:', host: 'example.test' })).toBe('wss://example.test/ws/index');
  });
  it('is live only when every stream is', () => {
    expect(combineStates(['live', 'live'])).toBe('live');
    expect(combineStates(['live', 'reconnecting'])).toBe('reconnecting');
    expect(combineStates(['offline', 'reconnecting', 'live'])).toBe('offline');
    expect(combineStates([])).toBe('connecting');
  });
});

// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnBadge } from '../src/views/connBadge';

const at = Date.UTC(2026, 10, 26, 2, 15, 30); // 09:15:30 Vietnam time

describe('ConnBadge', () => {
  afterEach(() => vi.useRealTimers());

  it('says Live with the last update time and marks the page live', () => {
    const b = new ConnBadge();
    b.set({ state: 'live', lastMessageAt: at, nextRetryAt: null, attempt: 0 });
    expect(b.el.dataset.state).toBe('live');
    expect(b.el.textContent).toBe('Liveupdated 09:15:30');
    expect(document.body.dataset.conn).toBe('live');
    expect(b.banner.hidden).toBe(true);
  });

  it('never presents old numbers as live: reconnecting shows the banner with their time', () => {
    vi.useFakeTimers();
    vi.setSystemTime(at + 5000);
    const b = new ConnBadge();
    b.set({ state: 'reconnecting', lastMessageAt: at, nextRetryAt: at + 8000, attempt: 2 });
    expect(b.el.textContent).toBe('Reconnectinglast update 09:15:30 · retry in 3s');
    expect(document.body.dataset.conn).toBe('reconnecting');
    expect(b.banner.hidden).toBe(false);
    expect(b.banner.textContent).toContain('as of 09:15:30');
    b.set({ state: 'offline', lastMessageAt: at, nextRetryAt: null, attempt: 7 });
    expect(b.el.textContent).toBe('Offlinelast update 09:15:30 · retrying');
    expect(b.banner.textContent).toContain('cannot be reached');
  });

  it('shows no banner before any data arrived', () => {
    const b = new ConnBadge();
    b.set({ state: 'reconnecting', lastMessageAt: null, nextRetryAt: null, attempt: 1 });
    expect(b.banner.hidden).toBe(true);
    expect(b.el.textContent).toBe('Reconnectingno data yet · retrying');
  });

  it('says Feed down when the socket is live but the server lost its market data', () => {
    const b = new ConnBadge();
    b.set({ state: 'live', lastMessageAt: at + 9000, nextRetryAt: null, attempt: 0, feed: { state: 'reconnecting', lastEventMs: at } });
    expect(b.el.dataset.state).toBe('feed-down');
    expect(b.el.textContent).toBe('Feed downmarket data reconnecting · last trade data 09:15:30');
    expect(b.banner.hidden).toBe(false);
    expect(b.banner.textContent).toContain('as of 09:15:30');
    // back to streaming: Live again, no banner
    b.set({ state: 'live', lastMessageAt: at + 9000, nextRetryAt: null, attempt: 0, feed: { state: 'streaming', lastEventMs: at + 9000 } });
    expect(b.el.dataset.state).toBe('live');
    expect(b.banner.hidden).toBe(true);
    // a closed market is not an outage
    b.set({ state: 'live', lastMessageAt: at, nextRetryAt: null, attempt: 0, feed: { state: 'idle', lastEventMs: at } });
    expect(b.el.textContent).toBe('Livemarket closed · updated 09:15:30');
    expect(b.banner.hidden).toBe(true);
  });

  it('says Polling while REST stands in for the stream, without dimming the numbers, and names a refused token', () => {
    vi.useFakeTimers();
    vi.setSystemTime(at + 2000);
    const b = new ConnBadge();
    b.set({ state: 'polling', lastMessageAt: at, nextRetryAt: at + 6000, attempt: 4,
      polling: { channels: ['market', 'index'], everyMs: 5000, lastOkAt: at, error: null } });
    expect(b.el.dataset.state).toBe('polling');
    expect(document.body.dataset.conn).toBe('polling');
    expect(b.el.textContent).toBe('Pollingevery 5s over HTTP · updated 09:15:30 · stream retry in 4s');
    expect(b.banner.hidden).toBe(false);
    expect(b.banner.textContent).toContain('unavailable (market, index)');
    expect(b.banner.textContent).not.toContain('token');
    b.set({ state: 'polling', lastMessageAt: at, nextRetryAt: null, attempt: 1, tokenRejected: true,
      polling: { channels: ['market', 'index', 'foreign', 'alerts'], everyMs: 5000, lastOkAt: at, error: null } });
    expect(b.banner.textContent).toContain('requires an access token');
    expect(b.banner.textContent).toContain('?token=');
  });
});


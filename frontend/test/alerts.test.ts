import { describe, expect, it } from 'vitest';
import { AlertBook, countAlerts, matchesAlert, toggleChip, toNotify, ALL_ALERTS } from '../src/alerts';
import type { Alert, AlertKind, Severity } from '../src/api';
import { Store } from '../src/store';

const t0 = Date.UTC(2026, 11, 7, 2, 30, 0);

function alert(kind: AlertKind, severity: Severity, symbol: string, ts: number): Alert {
  const prefix = { volume_spike: 'vs', price_breakout: 'pb', foreign_acceleration: 'fa', basis_flip: 'bf' }[kind];
  return { id: `${prefix}-${symbol}-${ts}`, kind, severity, symbol, message: `${symbol} ${kind}`, ts, data: {} };
}

describe('AlertBook', () => {
  it('keys alerts by id, newest first, and reports only the ones it did not hold', () => {
    const book = new AlertBook();
    const a = alert('volume_spike', 'warning', 'FPT', t0);
    const b = alert('price_breakout', 'critical', 'VNM', t0 + 1000);
    const c = alert('basis_flip', 'info', 'VN30F2612', t0 + 2000);
    expect(book.replace([b, a]).map((x) => x.id)).toEqual([a.id, b.id]);
    // an update repeating an alert of the snapshot brings nothing new
    expect(book.add([b, c]).map((x) => x.id)).toEqual([c.id]);
    expect(book.list().map((x) => x.id)).toEqual([c.id, b.id, a.id]);
    // a snapshot after a reconnect: the alert fired during the outage is new, the others are not
    const d = alert('foreign_acceleration', 'critical', 'SHB', t0 + 3000);
    expect(book.replace([d, c, b, a]).map((x) => x.id)).toEqual([d.id]);
    expect(book.size).toBe(4);
  });

  it('orders alerts of the same millisecond by id and drops the oldest beyond its cap', () => {
    const book = new AlertBook(3);
    const x = alert('volume_spike', 'warning', 'ACB', t0);
    const y = alert('volume_spike', 'warning', 'BID', t0);
    const z = alert('volume_spike', 'critical', 'CTG', t0 + 5);
    const w = alert('price_breakout', 'critical', 'FPT', t0 + 9);
    book.add([x, y, z]);
    expect(book.list().map((a) => a.symbol)).toEqual(['CTG', 'BID', 'ACB']);
    expect(book.add([w]).map((a) => a.symbol)).toEqual(['FPT']);
    expect(book.list().map((a) => a.symbol)).toEqual(['FPT', 'CTG', 'BID']);
    // an alert older than everything held does not survive the cap, so it is not reported as new
    expect(book.add([alert('basis_flip', 'info', 'VN30F2612', t0 - 1)])).toEqual([]);
    expect(book.has(x.id)).toBe(false);
  });

  it('ignores entries that are not alerts', () => {
    const book = new AlertBook();
    const bad = [{ id: 'x' }, null, { ...alert('volume_spike', 'warning', 'FPT', t0), kind: 'spike' }] as unknown as Alert[];
    expect(book.add(bad)).toEqual([]);
    expect(book.size).toBe(0);
  });
});

describe('filters and chips', () => {
  const list = [
    alert('volume_spike', 'warning', 'FPT', t0), alert('volume_spike', 'critical', 'HPG', t0 + 1),
    alert('price_breakout', 'critical', 'VNM', t0 + 2), alert('foreign_acceleration', 'warning', 'SHB', t0 + 3),
    alert('basis_flip', 'info', 'VN30F2612', t0 + 4),
  ];

  it('counts per kind and severity', () => {
    expect(countAlerts(list)).toEqual({
      kinds: { volume_spike: 2, price_breakout: 1, foreign_acceleration: 1, basis_flip: 1 },
      severities: { critical: 2, warning: 2, info: 1 },
    });
  });

  it('filters by kind and severity together', () => {
    const f = { kinds: new Set<AlertKind>(['volume_spike', 'basis_flip']), severities: new Set<Severity>(['warning', 'info']) };
    expect(list.filter((a) => matchesAlert(a, f)).map((a) => a.symbol)).toEqual(['FPT', 'VN30F2612']);
    expect(list.filter((a) => matchesAlert(a, ALL_ALERTS))).toHaveLength(5);
  });

  it('toggles a chip, but never switches off the last one of a group', () => {
    const one = toggleChip(new Set(['a', 'b']), 'a');
    expect([...one]).toEqual(['b']);
    expect([...toggleChip(one, 'b')]).toEqual(['b']);
    expect([...toggleChip(one, 'c')].sort()).toEqual(['b', 'c']);
  });

  it('notifies recent critical alerts only, at most three, the newest kept', () => {
    const now = t0 + 120_000;
    const fresh = [
      alert('price_breakout', 'critical', 'OLD', t0), // two minutes old: not news
      alert('price_breakout', 'critical', 'A', now - 4000), alert('price_breakout', 'critical', 'B', now - 3000),
      alert('price_breakout', 'critical', 'C', now - 2000), alert('foreign_acceleration', 'critical', 'D', now - 1000),
      alert('volume_spike', 'warning', 'WRN', now - 500), // not critical
    ];
    expect(toNotify(fresh, now).map((a) => a.symbol)).toEqual(['B', 'C', 'D']);
    expect(toNotify(fresh, now, 60_000, 1).map((a) => a.symbol)).toEqual(['D']);
  });
});

describe('Store on /ws/alerts', () => {
  it('takes the snapshot of the day, then each new alert once', () => {
    const store = new Store();
    const events: { fresh: string[]; snapshot: boolean }[] = [];
    store.onAlerts.on(({ fresh, snapshot }) => events.push({ fresh: fresh.map((a) => a.id), snapshot }));
    const a = alert('volume_spike', 'warning', 'FPT', t0);
    const b = alert('price_breakout', 'critical', 'VNM', t0 + 10);
    store.handle('alerts', { type: 'snapshot', channel: 'alerts', ts: t0, data: { alerts: [a] } });
    store.handle('alerts', { type: 'update', channel: 'alerts', ts: t0 + 20, data: { alerts: [a, b] } });
    store.handle('alerts', { type: 'update', channel: 'alerts', ts: t0 + 30, data: { alerts: [b] } });
    store.handle('alerts', { type: 'heartbeat', channel: 'alerts', ts: t0 + 40 });
    expect(events).toEqual([{ fresh: [a.id], snapshot: true }, { fresh: [b.id], snapshot: false }]);
    expect(store.alerts.list().map((x) => x.id)).toEqual([b.id, a.id]);
  });
});

/**
 * The day's alerts as the page holds them: keyed by id (the server may repeat an alert after a
 * reconnect or a restart), newest first, at most MAX_ALERTS; filters by kind and severity; and the
 * choice of which alerts deserve a notification. Pure, no DOM.
 */
import type { Alert, AlertKind, Severity } from './api';

export const ALERT_KINDS: readonly AlertKind[] = ['volume_spike', 'price_breakout', 'foreign_acceleration', 'basis_flip'];
export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

export const KIND_LABEL: Record<AlertKind, string> = {
  volume_spike: 'Volume spike',
  price_breakout: 'Price breakout',
  foreign_acceleration: 'Foreign acceleration',
  basis_flip: 'Basis flip',
};

export const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

/** The server keeps at most 500 alerts of the day in memory; the page holds as many. */
export const MAX_ALERTS = 500;

function newestFirst(a: Alert, b: Alert): number {
  return b.ts - a.ts || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export class AlertBook {
  private readonly byId = new Map<string, Alert>();
  private sorted: Alert[] | null = [];

  constructor(private readonly max = MAX_ALERTS) {}

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Newest first (by time, then id). */
  list(): Alert[] {
    if (!this.sorted) this.sorted = [...this.byId.values()].sort(newestFirst);
    return this.sorted;
  }

  /**
   * A snapshot: replaces what is held. Returns the alerts that were not held before (after a
   * reconnect, the ones fired during the outage), oldest first.
   */
  replace(alerts: Alert[]): Alert[] {
    const before = new Set(this.byId.keys());
    this.byId.clear();
    const fresh: Alert[] = [];
    for (const a of alerts) {
      if (!isAlert(a)) continue;
      if (!before.has(a.id) && !this.byId.has(a.id)) fresh.push(a);
      this.byId.set(a.id, a);
    }
    this.trim();
    return fresh.filter((a) => this.byId.has(a.id)).sort((a, b) => -newestFirst(a, b));
  }

  /** Alerts of an update: returns the ones not held yet, oldest first (the order they fired). */
  add(alerts: Alert[]): Alert[] {
    const fresh: Alert[] = [];
    for (const a of alerts) {
      if (!isAlert(a) || this.byId.has(a.id)) continue;
      this.byId.set(a.id, a);
      fresh.push(a);
    }
    if (fresh.length) {
      this.sorted = null;
      this.trim();
    }
    return fresh.filter((a) => this.byId.has(a.id)).sort((a, b) => -newestFirst(a, b));
  }

  clear(): void {
    this.byId.clear();
    this.sorted = [];
  }

  /** Drops the oldest beyond the cap. */
  private trim(): void {
    this.sorted = null;
    if (this.byId.size <= this.max) return;
    for (const a of this.list().slice(this.max)) this.byId.delete(a.id);
    this.sorted = null;
  }
}

/** A minimal shape check: an alert without an id or a known kind cannot be shown or filtered. */
export function isAlert(a: unknown): a is Alert {
  if (typeof a !== 'object' || a === null) return false;
  const x = a as Partial<Alert>;
  return typeof x.id === 'string' && typeof x.ts === 'number' && typeof x.symbol === 'string'
    && ALERT_KINDS.includes(x.kind as AlertKind) && SEVERITIES.includes(x.severity as Severity);
}

export interface AlertFilter {
  kinds: ReadonlySet<AlertKind>;
  severities: ReadonlySet<Severity>;
}

export const ALL_ALERTS: AlertFilter = { kinds: new Set(ALERT_KINDS), severities: new Set(SEVERITIES) };

export function matchesAlert(a: Alert, f: AlertFilter): boolean {
  return f.kinds.has(a.kind) && f.severities.has(a.severity);
}

/** Counts per kind and per severity (for the chips), over every alert held. */
export function countAlerts(alerts: readonly Alert[]): { kinds: Record<AlertKind, number>; severities: Record<Severity, number> } {
  const kinds = { volume_spike: 0, price_breakout: 0, foreign_acceleration: 0, basis_flip: 0 };
  const severities = { critical: 0, warning: 0, info: 0 };
  for (const a of alerts) {
    kinds[a.kind]++;
    severities[a.severity]++;
  }
  return { kinds, severities };
}

/** Toggles one value of a chip group; the last chip of a group cannot be switched off. */
export function toggleChip<T>(set: ReadonlySet<T>, value: T): Set<T> {
  const next = new Set(set);
  if (next.has(value)) {
    if (next.size > 1) next.delete(value);
  } else {
    next.add(value);
  }
  return next;
}

/**
 * Which new alerts get a notification: critical ones that fired within maxAgeMs of now (an old
 * alert repeated after a reconnect is not news). At most `max`, newest kept.
 */
export function toNotify(fresh: readonly Alert[], now: number, maxAgeMs = 60_000, max = 3): Alert[] {
  const picked = fresh.filter((a) => a.severity === 'critical' && now - a.ts <= maxAgeMs);
  return picked.slice(Math.max(0, picked.length - max));
}

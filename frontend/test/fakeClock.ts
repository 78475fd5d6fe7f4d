import type { Clock } from '../src/ws';

/** A clock for tests: timers run only when the test advances time, in time order. */
export class FakeClock implements Clock {
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  constructor(public t = 1_000_000) {}
  now() { return this.t; }
  setTimeout(fn: () => void, ms: number) {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(h: unknown) { this.timers = this.timers.filter((x) => x.id !== h); }
  /** Runs the next timer due by `end`; false when there is none. */
  private step(end: number): boolean {
    this.timers.sort((a, b) => a.at - b.at);
    const next = this.timers[0];
    if (!next || next.at > end) return false;
    this.timers.shift();
    this.t = next.at;
    next.fn();
    return true;
  }
  advance(ms: number) {
    const end = this.t + ms;
    while (this.step(end));
    this.t = end;
  }
  /** As advance, letting pending promises settle before each timer and at the end (async code under test). */
  async advanceAsync(ms: number) {
    const end = this.t + ms;
    do await settle(); while (this.step(end));
    this.t = end;
    await settle();
  }
  get pending() { return this.timers.length; }
}

export const settle = async () => { for (let i = 0; i < 5; i++) await Promise.resolve(); };

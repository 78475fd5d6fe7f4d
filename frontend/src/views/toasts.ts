/**
 * A small notification in the corner for each new critical alert, on every page but Signals (which
 * lists it anyway). At most three at a time; each goes away after a few seconds or when closed;
 * clicking one opens the Signals page. Alerts already in the first snapshot are not news.
 */
import { KIND_LABEL, toNotify } from '../alerts';
import type { Alert } from '../api';
import { h } from '../dom';
import { formatVnTime } from '../format';
import type { Store } from '../store';

export const TOAST_MS = 6000;
const MAX_TOASTS = 2;

export class Toasts {
  readonly el = h('div', { className: 'toasts', 'aria-live': 'polite', 'aria-label': 'Critical alerts' });
  private primed = false;
  /** Critical alerts notified since the page loaded (the browser test reads it). */
  shown = 0;

  constructor(store: Store, private readonly isSignalsPage: () => boolean, private readonly navigate: (path: string) => void) {
    store.onAlerts.on(({ fresh, snapshot }) => {
      if (!this.primed) {
        // the first snapshot is the day so far, not news
        this.primed = true;
        if (snapshot) return;
      }
      if (this.isSignalsPage()) return;
      for (const a of toNotify(fresh, Date.now(), 60_000, MAX_TOASTS)) this.show(a);
    });
  }

  private show(a: Alert): void {
    const close = h('button', { type: 'button', className: 'toast-close', 'aria-label': 'Dismiss' }, '×');
    const t = h('div', { className: 'toast', role: 'status', 'data-id': a.id, 'data-kind': a.kind },
      h('div', { className: 'toast-head' },
        h('span', { className: 'toast-kind' }, KIND_LABEL[a.kind]), h('span', { className: 'toast-time' }, formatVnTime(a.ts)), close),
      h('div', { className: 'toast-msg' }, a.message));
    const remove = () => t.remove();
    close.addEventListener('click', (ev) => { ev.stopPropagation(); remove(); });
    t.addEventListener('click', () => { remove(); this.navigate('/signals'); });
    this.el.append(t);
    while (this.el.children.length > MAX_TOASTS) this.el.firstElementChild!.remove();
    this.shown++;
    setTimeout(remove, TOAST_MS);
  }

  /** Removes every notification (on opening the Signals page). */
  clear(): void {
    this.el.replaceChildren();
  }
}

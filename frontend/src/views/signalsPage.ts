/**
 * Signals: the day's alerts from /ws/alerts (the snapshot holds today's, then each new one arrives
 * as it fires), newest first, filtered by kind and severity with toggle chips.
 */
import { ALERT_KINDS, countAlerts, KIND_LABEL, matchesAlert, SEVERITIES, SEVERITY_LABEL, toggleChip, type AlertFilter } from '../alerts';
import type { Alert, AlertKind, Severity } from '../api';
import { h, setText } from '../dom';
import { formatVnTime } from '../format';
import type { Store } from '../store';

/** The filter survives leaving and coming back to the page (not a reload). */
let filter: AlertFilter = { kinds: new Set(ALERT_KINDS), severities: new Set(SEVERITIES) };

/** At most this many items in the list (the day holds up to 500). */
const MAX_SHOWN = 200;

export class SignalsPage {
  readonly el = h('section', { className: 'page signals-page', 'aria-label': 'Signals' });
  private readonly list = h('ol', { className: 'alert-feed live-data', 'aria-live': 'polite', 'aria-relevant': 'additions' });
  private readonly notice = h('p', { className: 'notice', role: 'status' }, 'Waiting for today\'s alerts…');
  private readonly summary = h('p', { className: 'alert-summary' });
  private readonly kindChips = new Map<AlertKind, HTMLButtonElement>();
  private readonly severityChips = new Map<Severity, HTMLButtonElement>();
  private readonly items = new Map<string, HTMLLIElement>();
  private readonly off: () => void;
  private received = false;

  constructor(private readonly store: Store, private readonly navigate: (path: string) => void) {
    const kinds = h('div', { className: 'chips', role: 'group', 'aria-label': 'Alert kinds' });
    for (const k of ALERT_KINDS) {
      const b = this.chip(KIND_LABEL[k], 'kind-' + k, () => {
        filter = { ...filter, kinds: toggleChip(filter.kinds, k) };
        this.render();
      });
      b.dataset.kind = k;
      this.kindChips.set(k, b);
      kinds.append(b);
    }
    const severities = h('div', { className: 'chips', role: 'group', 'aria-label': 'Severities' });
    for (const s of SEVERITIES) {
      const b = this.chip(SEVERITY_LABEL[s], 'sev-' + s, () => {
        filter = { ...filter, severities: toggleChip(filter.severities, s) };
        this.render();
      });
      b.dataset.severity = s;
      this.severityChips.set(s, b);
      severities.append(b);
    }
    this.el.append(h('h2', {}, 'Signals'), h('div', { className: 'chip-bar' }, kinds, severities), this.summary, this.notice, this.list);
    this.list.addEventListener('click', (ev) => {
      const a = (ev.target as HTMLElement).closest('a[data-symbol]') as HTMLAnchorElement | null;
      if (a) {
        ev.preventDefault();
        this.navigate(a.getAttribute('href')!);
      }
    });
    this.off = store.onAlerts.on(({ snapshot }) => {
      this.received = true;
      this.render(!snapshot);
    });
    this.received = store.alerts.size > 0;
    this.render(false);
  }

  private chip(label: string, cls: string, onClick: () => void): HTMLButtonElement {
    const b = h('button', { type: 'button', className: 'chip ' + cls, 'aria-pressed': 'true' },
      h('span', { className: 'chip-label' }, label), h('span', { className: 'chip-count' }, '0'));
    b.addEventListener('click', onClick);
    return b;
  }

  /** `markNew`: highlight items not shown before (not on the first render or after a snapshot). */
  private render(markNew = false): void {
    const all = this.store.alerts.list();
    const counts = countAlerts(all);
    for (const [k, b] of this.kindChips) {
      b.setAttribute('aria-pressed', String(filter.kinds.has(k)));
      setText(b.lastElementChild!, String(counts.kinds[k]));
    }
    for (const [s, b] of this.severityChips) {
      b.setAttribute('aria-pressed', String(filter.severities.has(s)));
      setText(b.lastElementChild!, String(counts.severities[s]));
    }
    const shown = all.filter((a) => matchesAlert(a, filter));
    const visible = shown.slice(0, MAX_SHOWN);
    setText(this.summary, all.length === 0 ? '' :
      `${shown.length} of ${all.length} alerts today` + (shown.length > MAX_SHOWN ? ` (newest ${MAX_SHOWN} listed)` : ''));
    this.notice.hidden = all.length > 0;
    if (this.received && all.length === 0) setText(this.notice, 'No alerts yet today.');
    const keep = new Set(visible.map((a) => a.id));
    for (const [id, li] of this.items) {
      if (!keep.has(id)) {
        li.remove();
        this.items.delete(id);
      }
    }
    // newest first: walk the list and put each item in its place, reusing the ones that exist
    let prev: HTMLLIElement | null = null;
    for (const a of visible) {
      let li = this.items.get(a.id);
      if (!li) {
        li = this.item(a, markNew);
        this.items.set(a.id, li);
      }
      const want: ChildNode | null = prev ? prev.nextSibling : this.list.firstChild;
      if (want !== li) this.list.insertBefore(li, want);
      prev = li;
    }
  }

  private item(a: Alert, isNew: boolean): HTMLLIElement {
    const href = '/symbol/' + encodeURIComponent(a.symbol);
    return h('li', { className: `alert sev-${a.severity}` + (isNew ? ' new' : ''), 'data-kind': a.kind, 'data-severity': a.severity, 'data-id': a.id },
      h('time', { className: 'alert-time' }, formatVnTime(a.ts)),
      h('span', { className: 'alert-sev' }, SEVERITY_LABEL[a.severity]),
      h('span', { className: 'alert-kind' }, KIND_LABEL[a.kind]),
      h('a', { className: 'alert-symbol', href, 'data-symbol': a.symbol }, a.symbol),
      h('span', { className: 'alert-msg' }, a.message));
  }

  dispose(): void {
    this.off();
  }
}

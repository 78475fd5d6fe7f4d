/**
 * The connection state, always visible: "Live", "Reconnecting" (with the next retry) or "Offline"
 * (with the time of the last update). While not live the page is marked stale so numbers are
 * greyed out and a banner says since when they have not moved.
 */
import { formatVnTime } from '../format';
import type { ConnSummary } from '../store';
import { h, setText } from '../dom';

const LABEL: Record<ConnSummary['state'], string> = {
  connecting: 'Connecting',
  live: 'Live',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
};

export class ConnBadge {
  readonly el = h('div', { className: 'conn', role: 'status', 'aria-live': 'polite', 'data-state': 'connecting' });
  private readonly label = h('span', { className: 'conn-label' }, LABEL.connecting);
  private readonly detail = h('span', { className: 'conn-detail' });
  readonly banner = h('div', { className: 'stale-banner', hidden: true });
  private current: ConnSummary = { state: 'connecting', lastMessageAt: null, nextRetryAt: null, attempt: 0 };

  constructor() {
    this.el.append(h('span', { className: 'dot' }), this.label, this.detail);
    setInterval(() => this.render(), 1000);
  }

  set(s: ConnSummary): void {
    this.current = s;
    this.render();
  }

  private render(): void {
    const s = this.current;
    // Only on change: the page-wide attribute restyles every dimmed element.
    if (this.el.dataset.state !== s.state) this.el.dataset.state = s.state;
    if (document.body.dataset.conn !== s.state) document.body.dataset.conn = s.state;
    setText(this.label, LABEL[s.state]);
    const last = s.lastMessageAt ? formatVnTime(s.lastMessageAt) : null;
    let detail = '';
    if (s.state === 'live') {
      detail = last ? `updated ${last}` : '';
    } else if (s.state === 'connecting') {
      detail = '';
    } else {
      const retryIn = s.nextRetryAt ? Math.max(0, Math.ceil((s.nextRetryAt - Date.now()) / 1000)) : null;
      detail = (last ? `last update ${last}` : 'no data yet') + (retryIn !== null ? ` · retry in ${retryIn}s` : ' · retrying');
    }
    setText(this.detail, detail);
    const stale = s.state !== 'live' && s.lastMessageAt !== null;
    this.banner.hidden = !stale;
    if (stale) {
      setText(this.banner, `Not live: prices below are as of ${last} (Vietnam time) and are not updating. ` +
        (s.state === 'offline' ? 'The server cannot be reached; still retrying.' : 'Reconnecting…'));
    }
  }
}

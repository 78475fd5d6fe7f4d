/**
 * The connection state, always visible: "Live", "Reconnecting" (with the next retry) or "Offline"
 * (with the time of the last update); and, behind a live connection, the server's market-data feed:
 * "Feed down" when it is not delivering (the socket is fine but prices stopped), "market closed" when
 * it is idle. While not live the page is marked stale so numbers are greyed out and a banner says
 * since when they have not moved.
 */
import { formatVnTime } from '../format';
import type { ConnSummary } from '../store';
import { h, setText } from '../dom';

const LABEL: Record<ConnSummary['state'], string> = {
  connecting: 'Connecting',
  live: 'Live',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
  polling: 'Polling',
};

const TOKEN_HINT = 'The server requires an access token for the stream: open this page once with ?token=<token> (it is remembered).';

/** Feed states in which prices stop although the connection is live. */
const FEED_DOWN = new Set(['connecting', 'reconnecting', 'failed', 'stopped']);

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
    if (s.state === 'live' && s.feed && FEED_DOWN.has(s.feed.state)) {
      this.renderFeedDown(s);
      return;
    }
    // Only on change: the page-wide attribute restyles every dimmed element.
    if (this.el.dataset.state !== s.state) this.el.dataset.state = s.state;
    if (document.body.dataset.conn !== s.state) document.body.dataset.conn = s.state;
    setText(this.label, LABEL[s.state]);
    const last = s.lastMessageAt ? formatVnTime(s.lastMessageAt) : null;
    const retryIn = s.nextRetryAt ? Math.max(0, Math.ceil((s.nextRetryAt - Date.now()) / 1000)) : null;
    if (s.state === 'polling') {
      this.renderPolling(s, last, retryIn);
      return;
    }
    let detail = '';
    if (s.state === 'live') {
      detail = (s.feed?.state === 'idle' ? 'market closed · ' : '') + (last ? `updated ${last}` : '');
    } else if (s.state === 'connecting') {
      detail = '';
    } else {
      detail = (last ? `last update ${last}` : 'no data yet') + (retryIn !== null ? ` · retry in ${retryIn}s` : ' · retrying');
    }
    setText(this.detail, detail);
    const stale = s.state !== 'live' && s.lastMessageAt !== null;
    this.banner.hidden = !stale;
    if (stale) {
      setText(this.banner, `Not live: prices below are as of ${last} (Vietnam time) and are not updating. ` +
        (s.state === 'offline' ? 'The server cannot be reached; still retrying.' : 'Reconnecting…') +
        (s.tokenRejected ? ' ' + TOKEN_HINT : ''));
    }
  }

  /** The sockets are down but REST polling keeps the numbers current (every few seconds, not live). */
  private renderPolling(s: ConnSummary, last: string | null, retryIn: number | null): void {
    const p = s.polling!;
    const every = Math.round(p.everyMs / 1000);
    setText(this.detail, `every ${every}s over HTTP` + (last ? ` · updated ${last}` : '') + (retryIn !== null ? ` · stream retry in ${retryIn}s` : ''));
    this.banner.hidden = false;
    setText(this.banner, `The live stream is unavailable (${p.channels.join(', ')}): the numbers below are read every ${every} s over HTTP instead` +
      ` and may trail the market by that much; the stream is retried in the background. ` + (s.tokenRejected ? TOKEN_HINT : ''));
  }

  /** Connected, but the server's feed is not delivering: say so instead of "Live". */
  private renderFeedDown(s: ConnSummary): void {
    const state = 'feed-down';
    if (this.el.dataset.state !== state) this.el.dataset.state = state;
    if (document.body.dataset.conn !== state) document.body.dataset.conn = state;
    setText(this.label, 'Feed down');
    const lastEvent = s.feed?.lastEventMs ? formatVnTime(s.feed.lastEventMs) : null;
    setText(this.detail, `market data ${s.feed!.state}` + (lastEvent ? ` · last trade data ${lastEvent}` : ''));
    this.banner.hidden = false;
    setText(this.banner, `Connected, but the server's market data feed is ${s.feed!.state}: prices below are ` +
      (lastEvent ? `as of ${lastEvent} (Vietnam time) and ` : '') + 'are not updating. The server retries by itself.');
  }
}

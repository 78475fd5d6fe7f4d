/**
 * Volume analysis (/volume): for the market and per stock, active buy / active sell / neutral
 * volume by session (ATO, continuous, ATC) from /api/market/volume-stats (re-read every 5 s):
 * summary cards, the market's share of each side, a session comparison chart and a sortable table
 * with a stacked bar per stock.
 */
import { poll, type VolumeStats, type VolumeStatsReply } from '../api';
import { h, s, setText } from '../dom';
import { formatBillions, formatVnTime, formatVolume } from '../format';
import {
  barHeights, buySellRatio, sessionRows, sortVolume, stackSegments, VOLUME_SESSION_LABEL, volumeShares,
  type VolumeSortKey,
} from '../volume';

const REFRESH_MS = 5000;
const COLS: [VolumeSortKey | 'bar', string][] = [
  ['symbol', 'Symbol'], ['bar', 'Buy / sell / neutral'], ['totalVol', 'Total'], ['activeBuyVol', 'Active buy'],
  ['activeSellVol', 'Active sell'], ['neutralVol', 'Neutral'], ['buyPressure', 'Buy %'], ['buySellRatio', 'B/S ratio'],
  ['ato', 'ATO'], ['continuous', 'Continuous'], ['atc', 'ATC'], ['activeBuyVal', 'Buy value (bn)'], ['activeSellVal', 'Sell value (bn)'],
];
const SIDES = [['buy', 'Active buy'], ['sell', 'Active sell'], ['neutral', 'Neutral']] as const;

function fmtVol(v: number): string {
  return formatVolume(v) || '0';
}

function pct(v: number): string {
  return v.toFixed(1) + '%';
}

/** A 100 % stacked bar of buy / sell / neutral in a width x height SVG. */
export function stackBar(buy: number, sell: number, neutral: number, width: number, height: number): SVGSVGElement {
  const segs = stackSegments([buy, sell, neutral], width);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'stack', role: 'img',
    'aria-label': `active buy ${fmtVol(buy)}, active sell ${fmtVol(sell)}, neutral ${fmtVol(neutral)}` });
  segs.forEach((g, i) => {
    if (g.w > 0) svg.append(s('rect', { x: g.x, y: 0, width: g.w, height, class: 'seg-' + SIDES[i][0] }));
  });
  return svg;
}

export class VolumePage {
  readonly el = h('section', { className: 'page volume-page', 'aria-label': 'Volume analysis' });
  private readonly notice = h('p', { className: 'notice', role: 'status' }, 'Loading volume statistics…');
  private readonly cards = h('div', { className: 'cards live-data' });
  private readonly share = h('div', { className: 'share-chart live-data' });
  private readonly sessions = h('div', { className: 'session-chart live-data' });
  private readonly tbody = h('tbody');
  private readonly updated = h('span', { className: 'muted' });
  private sortKey: VolumeSortKey = 'totalVol';
  private descending = true;
  private last: VolumeStatsReply | null = null;
  private readonly poller: { stop: () => void };

  constructor(navigate: (path: string) => void) {
    const head = h('tr', {}, ...COLS.map(([key, label]) => this.header(key, label)));
    this.el.append(
      h('h2', {}, 'Volume analysis ', this.updated), this.notice, this.cards,
      h('div', { className: 'vol-charts' },
        h('div', { className: 'panel' }, h('h3', {}, 'Market share of the volume'), this.share),
        h('div', { className: 'panel' }, h('h3', {}, 'By session (market)'), this.sessions)),
      h('h3', {}, 'Per stock'),
      h('div', { className: 'board-wrap live-data' }, h('table', { className: 'grid volume' }, h('thead', {}, head), this.tbody)),
    );
    this.tbody.addEventListener('click', (ev) => {
      const sym = (ev.target as HTMLElement).closest('tr')?.dataset.symbol;
      if (sym) navigate('/symbol/' + sym);
    });
    this.poller = poll<VolumeStatsReply>('/api/market/volume-stats', REFRESH_MS, (d) => this.render(d), (e) => {
      if (!this.last) {
        this.notice.textContent = `Could not load volume statistics (${e.message}); retrying…`;
        this.notice.classList.add('error');
      }
    });
  }

  private header(key: VolumeSortKey | 'bar', label: string): HTMLElement {
    if (key === 'bar') return h('th', {}, label);
    const th = h('th', { className: 'sortable', tabIndex: 0, 'data-key': key, title: `Sort by ${label.toLowerCase()}` }, label);
    if (key === this.sortKey) th.setAttribute('aria-sort', 'descending');
    const sort = () => {
      if (this.sortKey === key) this.descending = !this.descending;
      else { this.sortKey = key; this.descending = key !== 'symbol'; }
      th.parentElement!.querySelectorAll('th').forEach((x) => x.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', this.descending ? 'descending' : 'ascending');
      if (this.last) this.renderTable(this.last.stocks);
    };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') sort(); });
    return th;
  }

  private render(d: VolumeStatsReply): void {
    this.last = d;
    this.notice.hidden = true;
    this.notice.classList.remove('error');
    setText(this.updated, `· as of ${formatVnTime(d.ts)}`);
    const t = d.totals;
    const sh = volumeShares(t.activeBuyVol, t.activeSellVol, t.neutralVol);
    const ratio = buySellRatio(t.activeBuyVol, t.activeSellVol);
    const card = (label: string, value: string, sub: string, cls = '') =>
      h('div', { className: 'card' }, h('span', { className: 'card-label' }, label),
        h('span', { className: 'card-value ' + cls }, value), h('span', { className: 'card-sub' }, sub));
    this.cards.replaceChildren(
      card('Market volume', fmtVol(t.totalVol), 'shares matched today'),
      card('Active buy', fmtVol(t.activeBuyVol), `${pct(sh.buy)} · ${formatBillions(t.activeBuyVal)} bn VND`, 'up'),
      card('Active sell', fmtVol(t.activeSellVol), `${pct(sh.sell)} · ${formatBillions(t.activeSellVal)} bn VND`, 'down'),
      card('Neutral', fmtVol(t.neutralVol), `${pct(sh.neutral)} · auctions and unclassified`),
      card('Buy / sell ratio', ratio === null ? '–' : ratio.toFixed(2), `buy pressure ${t.buyPressure.toFixed(2)}%`, ratio !== null && ratio > 1 ? 'up' : 'down'),
    );
    // market share: one wide stacked bar with its legend
    this.share.replaceChildren(stackBar(t.activeBuyVol, t.activeSellVol, t.neutralVol, 300, 22),
      h('div', { className: 'legend-row' }, ...SIDES.map(([k, label]) =>
        h('span', { className: 'key key-' + k }, `${label} ${pct(sh[k])}`))));
    this.share.firstElementChild!.setAttribute('data-buy-pct', sh.buy.toFixed(2));
    this.renderSessions(d);
    this.renderTable(d.stocks);
    this.el.dataset.ready = '1';
  }

  /** Grouped bars: per session the buy, sell and neutral volume of the market, on one scale. */
  private renderSessions(d: VolumeStatsReply): void {
    const rows = sessionRows(d.totals.bySession);
    const W = 300, H = 120, top = 8, base = H - 18, groupW = W / rows.length, barW = 22;
    const heights = barHeights(rows.flatMap((r) => [r.buyVol, r.sellVol, r.neutralVol]), base - top);
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'bars', role: 'img', 'aria-label': 'Volume by session' });
    rows.forEach((r, gi) => {
      const x0 = gi * groupW + (groupW - 3 * barW - 8) / 2;
      [r.buyVol, r.sellVol, r.neutralVol].forEach((v, bi) => {
        const hgt = heights[gi * 3 + bi];
        svg.append(s('rect', { x: x0 + bi * (barW + 4), y: base - hgt, width: barW, height: hgt, class: 'seg-' + SIDES[bi][0],
          'data-session': r.session, 'data-side': SIDES[bi][0] }, s('title', {}, `${VOLUME_SESSION_LABEL[r.session]} ${SIDES[bi][1].toLowerCase()}: ${fmtVol(v)}`)));
      });
      svg.append(s('text', { x: gi * groupW + groupW / 2, y: H - 4, 'text-anchor': 'middle', class: 'axis' },
        `${VOLUME_SESSION_LABEL[r.session]} ${fmtVol(r.total)}`));
    });
    svg.append(s('line', { x1: 0, x2: W, y1: base, y2: base, class: 'axis-line' }));
    this.sessions.replaceChildren(svg, h('div', { className: 'legend-row' }, ...SIDES.map(([k, label]) => h('span', { className: 'key key-' + k }, label))));
  }

  private renderTable(stocks: VolumeStats[]): void {
    const rows = sortVolume(stocks, this.sortKey, this.descending).map((v) => {
      const ratio = buySellRatio(v.activeBuyVol, v.activeSellVol);
      return h('tr', { 'data-symbol': v.symbol },
        h('td', {}, v.symbol),
        h('td', { className: 'bar-cell' }, stackBar(v.activeBuyVol, v.activeSellVol, v.neutralVol, 120, 10)),
        h('td', {}, fmtVol(v.totalVol)), h('td', { className: 'up' }, fmtVol(v.activeBuyVol)),
        h('td', { className: 'down' }, fmtVol(v.activeSellVol)), h('td', {}, fmtVol(v.neutralVol)),
        h('td', { className: v.buyPressure > 50 ? 'up' : v.buyPressure < 50 && v.totalVol > 0 ? 'down' : '' }, v.buyPressure.toFixed(2)),
        h('td', {}, ratio === null ? '–' : ratio.toFixed(2)),
        h('td', {}, fmtVol(v.sessions.ato)), h('td', {}, fmtVol(v.sessions.continuous)), h('td', {}, fmtVol(v.sessions.atc)),
        h('td', {}, formatBillions(v.activeBuyVal)), h('td', {}, formatBillions(v.activeSellVal)));
    });
    this.tbody.replaceChildren(...rows);
  }

  dispose(): void {
    this.poller.stop();
  }
}

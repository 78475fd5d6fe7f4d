/** VN30 and VNINDEX: value, change, breadth and an intraday line. */
import type { IndexView } from '../api';
import { formatPercent, formatPointChange, formatPoints, SESSION_LABEL, signTone } from '../format';
import type { Store } from '../store';
import { h, setClass, setText } from '../dom';
import type { LineChart } from '../charts';

interface Card {
  el: HTMLElement;
  session: HTMLElement;
  value: HTMLElement;
  change: HTMLElement;
  breadth: HTMLElement;
  chartEl: HTMLElement;
  chart: LineChart | null;
  /** The series drawn: the store keeps extending this array; a snapshot brings a new one. */
  series: [number, number][] | null;
}

export class IndexPanel {
  readonly el = h('section', { className: 'indices live-data', 'aria-label': 'Indices' });
  private readonly cards = new Map<string, Card>();

  constructor(store: Store, private readonly charts: Promise<typeof import('../charts')>) {
    for (const sym of ['VN30', 'VNINDEX']) this.card(sym);
    store.onIndices.on((list) => list.forEach((i) => this.render(i)));
    for (const i of store.indices.values()) this.render(i);
  }

  /** The points the index's chart holds (null before it exists), for tests. */
  chartPoints(symbol: string): [number, number][] | null {
    return this.cards.get(symbol)?.chart?.points() ?? null;
  }

  private card(symbol: string): Card {
    let c = this.cards.get(symbol);
    if (c) return c;
    const value = h('span', { className: 'idx-value' }, '…');
    const change = h('span', { className: 'idx-change' });
    const breadth = h('div', { className: 'idx-breadth' });
    const session = h('span', { className: 'idx-session', title: 'Trading session' });
    const chartEl = h('div', { className: 'idx-chart', 'data-index-chart': symbol });
    const el = h('div', { className: 'idx-card', 'data-index': symbol },
      h('div', { className: 'idx-head' }, h('span', { className: 'idx-name' }, symbol), value, change, session),
      breadth, chartEl);
    this.el.append(el);
    c = { el, session, value, change, breadth, chartEl, chart: null, series: null };
    this.cards.set(symbol, c);
    return c;
  }

  private render(i: IndexView): void {
    const c = this.card(i.symbol);
    const tone = signTone(i.change);
    setText(c.value, formatPoints(i.value));
    setClass(c.value, 'idx-value ' + tone);
    setText(c.change, `${formatPointChange(i.change)} (${formatPercent(i.changePct)})`);
    setText(c.session, i.session ? (SESSION_LABEL[i.session] ?? i.session) : '');
    setClass(c.change, 'idx-change ' + tone);
    c.breadth.replaceChildren(
      h('span', { className: 'up', title: 'Advances' }, `▲ ${i.advances}`),
      h('span', { className: 'ref', title: 'Unchanged' }, `■ ${i.noChanges}`),
      h('span', { className: 'down', title: 'Declines' }, `▼ ${i.declines}`),
      h('span', { className: 'ceil', title: 'At ceiling' }, `C ${i.ceilings}`),
      h('span', { className: 'floor', title: 'At floor' }, `F ${i.floors}`),
    );
    void this.plot(c, i);
  }

  private async plot(c: Card, i: IndexView): Promise<void> {
    if (!c.chart) {
      const { LineChart } = await this.charts;
      if (c.chart) return this.plot(c, i);
      c.chart = new LineChart(c.chartEl, true, '#e0b13a');
    }
    // A new series (the first, or a snapshot after a reconnect, which may hold minutes this page
    // missed) is drawn whole; otherwise the store extended the one drawn: add its last point.
    if (i.series !== c.series) {
      c.series = i.series;
      c.chart.setData(i.series);
    } else if (i.series.length) {
      const last = i.series[i.series.length - 1];
      c.chart.update(last[0], last[1]);
    }
  }
}

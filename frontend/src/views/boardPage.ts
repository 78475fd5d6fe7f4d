/** The price board page: filter box, the board, and loading / error notices. */
import { getJson, stockToRow, type Session, type SparklinesReply, type SymbolsReply } from '../api';
import { BoardView } from '../boardView';
import { h, setText } from '../dom';
import { SESSION_LABEL } from '../format';
import type { Store } from '../store';

export class BoardPage {
  readonly el = h('section', { className: 'page board-page', 'aria-label': 'Price board' });
  readonly board: BoardView;
  private readonly notice = h('p', { className: 'notice', role: 'status' }, 'Loading the board…');
  private loaded = false;
  /** The market session, from the stocks' quotes (all VN30 stocks are on HOSE, one session). */
  readonly sessionEl = h('span', { className: 'session-ind', role: 'status', title: 'Market session (HOSE)', 'data-session': '' });
  private session: Session | null = null;

  constructor(store: Store, navigate: (path: string) => void) {
    this.board = new BoardView({
      onSymbolClick: (s) => navigate('/symbol/' + encodeURIComponent(s)),
      // Ten paints a second at most: measured ~25% less main-thread time than painting on every
      // frame under 30 rows x 5 updates/s (bench/frontend), and still well under a flash's length.
      minPaintIntervalMs: 100,
    });
    const filter = h('input', {
      type: 'search', placeholder: 'Filter symbol', className: 'filter', 'aria-label': 'Filter by symbol',
      autocomplete: 'off', spellcheck: false,
    });
    filter.addEventListener('input', () => this.board.setFilter(filter.value));
    const legend = h('div', { className: 'legend' },
      h('span', { className: 'ceil' }, 'Ceiling'), h('span', { className: 'up' }, 'Up'),
      h('span', { className: 'ref' }, 'Reference'), h('span', { className: 'down' }, 'Down'),
      h('span', { className: 'floor' }, 'Floor'), h('span', {}, 'Prices in thousand VND'));
    const wrap = h('div', { className: 'board-wrap live-data' }, this.board.table);
    this.el.append(h('div', { className: 'toolbar' }, filter, this.sessionEl, legend), this.notice, wrap);

    store.onStocks.on((changed) => {
      for (const { stock, prev } of changed) {
        this.board.update(stockToRow(stock));
        if (prev && stock.last !== prev.last) this.board.pushSparkPrice(stock.symbol, stock.last);
        if (stock.session) this.setSession(stock.session);
      }
      this.ready();
    });
    store.onForeign.on((list) => {
      for (const f of list) if (this.board.model.get(f.symbol)) this.board.update({ symbol: f.symbol, foreignNet: f.netVol });
    });
    for (const s of store.stocks.values()) {
      this.board.update(stockToRow(s));
      if (s.session) this.setSession(s.session);
    }
    for (const f of store.foreign.values()) this.board.update({ symbol: f.symbol, foreignNet: f.netVol });
    if (store.stocks.size) this.ready();
    void this.loadSymbols();
  }

  private setSession(s: Session): void {
    if (s === this.session) return;
    this.session = s;
    this.sessionEl.dataset.session = s;
    setText(this.sessionEl, SESSION_LABEL[s] ?? s);
  }

  /** The sparklines' history (the last distinct prices of the day); live trades extend it. */
  private async loadSparklines(attempt = 1): Promise<void> {
    try {
      const reply = await getJson<SparklinesReply>('/api/market/sparklines');
      this.board.flush();
      for (const [sym, prices] of Object.entries(reply.sparklines)) this.board.setSparkline(sym, prices);
      // The socket's updates are coalesced (the latest state per symbol, 20 a second at most), so a
      // price traded and replaced within 50 ms never reaches the page: re-read the server's lists now
      // and then so the lines stay exactly the server's.
      setTimeout(() => void this.loadSparklines(), 60_000);
    } catch {
      setTimeout(() => void this.loadSparklines(attempt + 1), Math.min(60_000, 2000 * attempt));
    }
  }

  private ready(): void {
    if (this.loaded) return;
    this.loaded = true;
    this.notice.hidden = true;
  }

  /** The VN30 list gives the board its rows (and order) before the first quote arrives. */
  private async loadSymbols(attempt = 1): Promise<void> {
    try {
      const reply = await getJson<SymbolsReply>('/api/symbols');
      this.board.setSymbols(reply.vn30);
      void this.loadSparklines();
    } catch (e) {
      if (!this.loaded) {
        this.notice.textContent = `Could not load the symbol list (${(e as Error).message}); retrying…`;
        this.notice.classList.add('error');
      }
      setTimeout(() => void this.loadSymbols(attempt + 1), Math.min(15_000, 1000 * 2 ** attempt));
    }
  }
}

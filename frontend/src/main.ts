/**
 * The app shell: header with navigation and connection state, the index panel, and one page at a
 * time chosen by the path (/, /symbol/FPT, /signals, /volume, /foreign, /basis). nginx answers every unknown path
 * with index.html, so these paths can be bookmarked and reloaded.
 */
import './style.css';
import { h } from './dom';
import { Store } from './store';
import { BasisPage } from './views/basisPage';
import { BoardPage } from './views/boardPage';
import { ConnBadge } from './views/connBadge';
import { ForeignPage } from './views/foreignPage';
import { IndexPanel } from './views/indexPanel';
import { SignalsPage } from './views/signalsPage';
import { SymbolPage } from './views/symbolPage';
import { VolumePage } from './views/volumePage';
import { Toasts } from './views/toasts';
import { takeToken } from './ws';

// The socket token (off unless the server sets WS_TOKEN): ?token= once, then remembered.
const { token, search } = takeToken(location.search, (() => { try { return localStorage; } catch { return null; } })());
if (search !== location.search) history.replaceState(null, '', location.pathname + search + location.hash);
const store = new Store(undefined, { token });
// The chart library loads in parallel with the first data, not before it.
const charts = import('./charts');

const badge = new ConnBadge();
store.onConn.on((s) => badge.set(s));

const nav = h('nav', { className: 'tabs', 'aria-label': 'Views' });
const main = h('main', { id: 'page' });
const indexPanel = new IndexPanel(store, charts);
const boardPage = new BoardPage(store, navigate);

const toasts = new Toasts(store, () => location.pathname === '/signals', navigate);

const routes: [string, string][] = [
  ['/', 'Board'], ['/signals', 'Signals'], ['/volume', 'Volume'], ['/foreign', 'Foreign flow'], ['/basis', 'Derivatives'],
];
for (const [path, label] of routes) {
  const a = h('a', { href: path, 'data-path': path }, label);
  a.addEventListener('click', (ev) => {
    ev.preventDefault();
    navigate(path);
  });
  nav.append(a);
}

document.getElementById('app')!.replaceChildren(
  h('header', { className: 'top' }, h('h1', {}, 'VN30 live board'), nav, badge.el),
  badge.banner,
  indexPanel.el,
  main,
  toasts.el,
);

let current: { el: HTMLElement; dispose?: () => void } | null = null;

function navigate(path: string): void {
  if (path !== location.pathname) history.pushState(null, '', path);
  route();
}

function route(): void {
  const path = location.pathname;
  current?.dispose?.();
  let page: { el: HTMLElement; dispose?: () => void };
  const sym = /^\/symbol\/([A-Za-z0-9]+)\/?$/.exec(path);
  if (sym) {
    page = new SymbolPage(sym[1].toUpperCase(), store, charts, navigate);
    document.title = `${sym[1].toUpperCase()} · VN30 live board`;
  } else if (path === '/signals') {
    page = new SignalsPage(store, navigate);
    toasts.clear();
    document.title = 'Signals · VN30 live board';
  } else if (path === '/volume') {
    page = new VolumePage(navigate);
    document.title = 'Volume analysis · VN30 live board';
  } else if (path === '/foreign') {
    page = new ForeignPage(store, charts, navigate);
    document.title = 'Foreign flow · VN30 live board';
  } else if (path === '/basis') {
    page = new BasisPage(store, charts, navigate);
    document.title = 'Futures basis · VN30 live board';
  } else {
    page = boardPage; // kept alive across routes: it is the page that must stay current
    document.title = 'VN30 live board';
  }
  current = page === boardPage ? null : page;
  main.replaceChildren(page.el);
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.path === (sym ? '/' : path)) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

window.addEventListener('popstate', route);
window.addEventListener('online', () => store.reconnectNow());
route();
store.start();

// Hooks for the browser test and the benchmark (read-only use, plus the synthetic feed).
(window as unknown as Record<string, unknown>).__tracker = { store, board: boardPage.board, toasts, indexPanel };

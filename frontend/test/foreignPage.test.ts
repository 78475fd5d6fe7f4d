// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ForeignView } from '../src/api';
import { Store } from '../src/store';
import { ForeignPage } from '../src/views/foreignPage';

function f(symbol: string, buyVol: number, sellVol: number): ForeignView {
  return {
    symbol, ts: 0, totalRoom: 1000, currentRoom: 500, buyVol, sellVol, buyVal: buyVol * 1e4, sellVal: sellVol * 1e4,
    netVol: buyVol - sellVol, netVal: (buyVol - sellVol) * 1e4, speed: 0, acceleration: 0,
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('ForeignPage', () => {
  it('lists stocks with net flow and totals, sortable by net volume', () => {
    vi.stubGlobal('fetch', () => new Promise(() => {})); // the summary is tested in pages.test.ts
    const store = new Store();
    const page = new ForeignPage(store, new Promise(() => {}), () => {});
    document.body.replaceChildren(page.el);
    store.handle('foreign', { type: 'snapshot', channel: 'foreign', ts: 0, data: { foreign: [f('VNM', 100, 300), f('ACB', 500, 100), f('FPT', 200, 200)] } });
    const symbols = () => Array.from(document.querySelectorAll('table.foreign tbody tr')).map((tr) => (tr as HTMLElement).dataset.symbol);
    const cell = (sym: string, i: number) => document.querySelector(`tr[data-symbol="${sym}"]`)!.children[i];
    expect(symbols()).toEqual(['ACB', 'FPT', 'VNM']);
    expect(cell('VNM', 3).textContent).toBe('-200');
    expect(cell('VNM', 3).className).toBe('down');
    expect(document.querySelector('tfoot tr')!.children[3].textContent).toBe('+200');
    (document.querySelector('th[data-key="netVol"]') as HTMLElement).click();
    expect(symbols()).toEqual(['ACB', 'FPT', 'VNM']);
    (document.querySelector('th[data-key="netVol"]') as HTMLElement).click();
    expect(symbols()).toEqual(['VNM', 'FPT', 'ACB']);
    page.dispose();
  });
});

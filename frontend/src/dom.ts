/** A tiny element builder: h('td', { className: 'up' }, '22.95'). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string | number | boolean>> = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === false) continue;
    if (k === 'className') el.className = String(v);
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'href' || k === 'for') {
      el.setAttribute(k, String(v));
    } else (el as unknown as Record<string, unknown>)[k] = v;
  }
  for (const c of children) if (c != null) el.append(c);
  return el;
}

/** Sets text only when it differs (avoids needless layout work on hot paths). */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** Sets the class only when it differs. */
export function setClass(el: Element, cls: string): void {
  if (el.className !== cls) el.className = cls;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes (only attributes: nothing here needs an inline style). */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K, attrs: Record<string, string | number> = {}, ...children: (Node | string | null | undefined)[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) if (c != null) el.append(c);
  return el;
}


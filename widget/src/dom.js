// A tiny element builder. Text always goes in as text nodes: this file, like the rest of the
// widget, never sets innerHTML, so server text cannot become markup.

/**
 * h("button", {class: "x", type: "button", onclick: fn}, "label", otherNode)
 * Props: "class", "text" (textContent), on* functions (listeners), booleans (present/absent
 * attribute), anything else set with setAttribute. Children: strings, nodes, null/false.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const key of Object.keys(props)) {
      const v = props[key];
      if (v == null || v === false) continue;
      if (key === 'text') el.textContent = String(v);
      else if (key.startsWith('on') && typeof v === 'function') {
        el.addEventListener(key.slice(2), v);
      } else el.setAttribute(key, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return el;
}

// SVG icons, built node by node (no markup parsing). Paths are 24×24, drawn with strokes.
const SVG = 'http://www.w3.org/2000/svg';
const ICONS = {
  chat: 'M4 5h16v11H9l-5 4z',
  close: 'M6 6l12 12M18 6L6 18',
  send: 'M4 12l16-8-6 16-2.5-6.5z',
  plus: 'M12 5v14M5 12h14',
  copy: 'M9 9h11v11H9zM5 15H4V4h11v1',
  up: 'M7 11v9H4v-9zM7 11l4-8c1.5 0 2.5 1 2.5 2.5V9H19a2 2 0 0 1 2 2.3l-1.3 7A2 2 0 0 1 17.7 20H7',
  down: 'M7 13V4H4v9zM7 13l4 8c1.5 0 2.5-1 2.5-2.5V15H19a2 2 0 0 0 2-2.3l-1.3-7A2 2 0 0 0 17.7 4H7',
  retry: 'M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7',
  link: 'M14 4h6v6M20 4l-9 9M18 14v6H4V6h6',
};

export function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'icon');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', ICONS[name]);
  svg.appendChild(path);
  return svg;
}

// Entry point of widget/dist/pacte-chat.js (an IIFE: nothing leaks into the page's globals).
//
// Defines <pacte-chat> once, and when loaded as
//   <script src="…/widget/pacte-chat.js" data-api="https://host" defer></script>
// appends one <pacte-chat> to the body if the page has none.

import { PacteChat } from './element.js';

const TAG = 'pacte-chat';
const script = document.currentScript;

if (window.customElements && !customElements.get(TAG)) {
  customElements.define(TAG, PacteChat);
}

function mount() {
  if (!script || !script.hasAttribute('data-api') || document.querySelector(TAG)) return;
  const el = document.createElement(TAG);
  el.setAttribute('api', script.getAttribute('data-api') || '');
  for (const name of ['lang', 'timeout']) {
    const v = script.getAttribute(`data-${name}`);
    if (v) el.setAttribute(name, v);
  }
  document.body.appendChild(el);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount, { once: true });
else mount();

// <pacte-chat api="https://host" lang="fr|en" timeout="60">: the chat widget's element, the
// shell around the transcript: lifecycle and attributes, opening and closing the panel, focus,
// the busy state, asking, retrying and starting over.
//
// Everything lives in an open shadow root. Server text (answers, passages, titles, errors) is
// only ever inserted with text nodes; links are made only from http(s) URLs. Conversation state
// is kept in memory and mirrored to sessionStorage under a "pacte-chat:" key; no cookies.
// The markup is in layout.js, the streamed exchange with the API in exchange.js, an answer's
// rendering in turn.js and actions.js, the stored conversation and the follow-up history in
// session.js.

import { append, h } from './dom.js';
import { runTurn } from './exchange.js';
import { layout, welcome } from './layout.js';
import { followUpHistory, restoreTurns, saveTurns, storageKey } from './session.js';
import { strings } from './strings.js';
import { CSS } from './styles.js';
import { renderAnswerBlock } from './turn.js';

let instances = 0;

function sheet() {
  // A constructable stylesheet where supported (not blocked by a strict style-src CSP).
  try {
    const s = new CSSStyleSheet();
    s.replaceSync(CSS);
    return s;
  } catch {
    return null;
  }
}

export class PacteChat extends HTMLElement {
  static get observedAttributes() {
    return ['lang', 'api'];
  }

  constructor() {
    super();
    this.uid = `pc${++instances}`;
    this.turns = [];
    this.seq = 0;
    this.isOpen = false;
    this.busy = false;
    this.ctrl = null;
    this.attachShadow({ mode: 'open' });
  }

  get api() {
    const a = this.getAttribute('api');
    return a == null ? '' : a.trim();
  }

  get t() {
    return strings(this.getAttribute('lang'));
  }

  get storageKey() {
    return storageKey(this.api);
  }

  connectedCallback() {
    if (!this.built) {
      this.restore();
      this.build();
    }
  }

  disconnectedCallback() {
    if (this.ctrl) this.ctrl.abort();
  }

  attributeChangedCallback(name, old, value) {
    if (!this.built || old === value) return;
    if (name === 'api') {
      if (this.ctrl) this.ctrl.abort();
      this.turns = [];
      this.restore();
    }
    // Rebuild with the new language or API, keeping the conversation and the open state.
    const focusInside = this.shadowRoot.activeElement;
    this.build();
    if (this.isOpen) this.open(!!focusInside);
  }

  // ---------- layout ----------

  build() {
    const root = this.shadowRoot;
    const lang = String(this.getAttribute('lang') || 'fr').toLowerCase().startsWith('en') ? 'en' : 'fr';
    root.replaceChildren();
    const s = sheet();
    if (s && 'adoptedStyleSheets' in root) root.adoptedStyleSheets = [s];
    else root.appendChild(h('style', { text: CSS }));
    Object.assign(this, layout(this, this.t, lang)); // launcher, log, live, input, sendBtn, panel
    append(root, [this.launcher, this.panel]);
    this.built = true;
    this.renderLog();
    this.setBusy(this.busy);
  }

  open(focus = true) {
    this.isOpen = true;
    this.panel.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'true');
    this.scrollDown(true);
    if (focus) this.input.focus();
  }

  close() {
    this.isOpen = false;
    this.panel.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.focus();
  }

  /** Full screen (small viewports), the panel hides the page: Tab cycles inside it. */
  wrapFocus(e) {
    if (!window.matchMedia || !window.matchMedia('(max-width: 480px)').matches) return;
    const items = [...this.panel.querySelectorAll('button, a[href], textarea, input, summary, [tabindex="0"]')]
      .filter((el) => !el.disabled && el.getClientRects().length);
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    const active = this.shadowRoot.activeElement;
    if (e.shiftKey && active === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  }

  autosize() {
    const el = this.input;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight + 2, 160)}px`;
  }

  scrollDown(force) {
    const log = this.log;
    if (!log) return;
    const near = log.scrollHeight - log.scrollTop - log.clientHeight < 120;
    if (force || near) log.scrollTop = log.scrollHeight;
  }

  announce(text) {
    // Clear first so the same text is announced again if it repeats.
    this.live.textContent = '';
    setTimeout(() => {
      this.live.textContent = text;
    }, 100);
  }

  setBusy(busy) {
    this.busy = busy;
    this.sendBtn.setAttribute('aria-disabled', String(busy));
    this.log.setAttribute('aria-busy', String(busy));
  }

  // ---------- transcript ----------

  renderLog() {
    this.log.replaceChildren();
    if (!this.turns.length) this.log.appendChild(welcome(this, this.t));
    for (const turn of this.turns) this.log.append(...this.renderTurn(turn));
  }

  /** The question bubble and the answer block of one exchange. */
  renderTurn(turn) {
    const t = this.t;
    const q = h('p', { class: 'q' }, h('span', { class: 'sr-only', text: `${t.you} : ` }), turn.question);
    turn.qNode = q;
    turn.node = renderAnswerBlock(this, turn);
    return [q, turn.node];
  }

  rerender(turn) {
    const fresh = renderAnswerBlock(this, turn);
    if (turn.node && turn.node.parentNode) turn.node.replaceWith(fresh);
    else this.log.appendChild(fresh);
    turn.node = fresh;
    this.scrollDown();
  }

  // ---------- conversation ----------

  submit() {
    if (this.busy) return;
    const q = this.input.value.trim();
    if (!q) {
      this.announce(this.t.errorEmpty);
      this.input.focus();
      return;
    }
    this.input.value = '';
    this.autosize();
    this.ask(q);
  }

  ask(question) {
    if (this.busy) return;
    if (!this.turns.length) this.log.replaceChildren(); // drop the welcome text
    const turn = { id: ++this.seq, question, status: 'pending', answer: '', history: followUpHistory(this.turns, this.t) };
    this.turns.push(turn);
    this.log.append(...this.renderTurn(turn));
    this.scrollDown(true);
    // Focus stays (or goes back) to the question field, ready for a follow-up.
    this.input.focus();
    runTurn(this, turn);
  }

  retry(turn) {
    if (this.busy) return;
    Object.assign(turn, { status: 'pending', answer: '', error: null });
    this.rerender(turn);
    this.input.focus();
    runTurn(this, turn);
  }

  reset() {
    if (this.ctrl) this.ctrl.abort();
    this.ctrl = null;
    this.setBusy(false);
    this.turns = [];
    this.save();
    this.renderLog();
    this.announce(this.t.cleared);
    this.input.value = '';
    this.autosize();
    this.input.focus();
  }

  // ---------- sessionStorage ----------

  save() {
    saveTurns(this.storageKey, this.turns);
  }

  restore() {
    const turns = restoreTurns(this.storageKey, () => ++this.seq);
    if (turns) this.turns = turns;
  }
}

// <pacte-chat api="https://host" lang="fr|en" timeout="60">: the chat widget.
//
// Everything lives in an open shadow root. Server text (answers, passages, titles, errors) is
// only ever inserted with text nodes; links are made only from http(s) URLs. Conversation state
// is kept in memory and mirrored to sessionStorage under a "pacte-chat:" key; no cookies.

import { ApiError, ask, sendFeedback } from './api.js';
import { append, h, icon } from './dom.js';
import { answerForClipboard, plainAnswer, renderAnswer, safeUrl, section, sourceHref, where } from './format.js';
import { strings } from './strings.js';
import { CSS } from './styles.js';

const HISTORY_MESSAGES = 10; // the last 5 exchanges go with a follow-up question
const KEPT_TURNS = 30;
const MAX_TURN_CHARS = 4000; // the API refuses longer history messages
// The API refuses bodies over 64 KiB: the oldest messages are left out before the history
// (sent as UTF-8 JSON) outgrows 48 KB, leaving room for the question.
const HISTORY_BYTES = 48000;
let instances = 0;

/** At most `n` characters, cut at a word boundary, with an ellipsis. */
function clip(text, n) {
  const s = text.replace(/\s+/g, ' ').trim();
  if (s.length <= n) return s;
  const cut = s.slice(0, n);
  return `${cut.slice(0, cut.lastIndexOf(' ') > n / 2 ? cut.lastIndexOf(' ') : n).replace(/[\s,;:.]+$/, '')}…`;
}

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
    let origin = '';
    try {
      origin = new URL(this.api || '/', document.baseURI).origin;
    } catch {
      /* keep "" */
    }
    return `pacte-chat:v1:${origin}`;
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
    const t = this.t;
    const root = this.shadowRoot;
    const lang = String(this.getAttribute('lang') || 'fr').toLowerCase().startsWith('en') ? 'en' : 'fr';
    root.replaceChildren();
    const s = sheet();
    if (s && 'adoptedStyleSheets' in root) root.adoptedStyleSheets = [s];
    else root.appendChild(h('style', { text: CSS }));

    const id = (x) => `${this.uid}-${x}`;
    this.launcher = h(
      'button',
      {
        type: 'button',
        class: 'launcher',
        'aria-haspopup': 'dialog',
        'aria-expanded': 'false',
        'aria-controls': id('panel'),
        lang,
        onclick: () => this.open(true),
      },
      icon('chat'),
      h('span', { class: 'label', text: t.launcher }),
    );

    this.log = h('div', {
      class: 'log',
      role: 'log',
      'aria-live': 'off', // finished answers are announced once, by this.live
      'aria-label': t.transcript,
      tabindex: '0',
    });
    this.live = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });

    this.input = h('textarea', {
      id: id('q'),
      rows: '2',
      maxlength: '1000', // the API's limit
      placeholder: t.placeholder,
      'aria-describedby': id('hint'),
      autocomplete: 'off',
      onkeydown: (e) => {
        if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
          e.preventDefault();
          this.submit();
        }
      },
      oninput: () => this.autosize(),
    });
    this.sendBtn = h('button', { type: 'submit', class: 'btn send' }, icon('send'), h('span', { class: 'label', text: t.send }));
    const form = h(
      'form',
      {
        class: 'composer',
        onsubmit: (e) => {
          e.preventDefault();
          this.submit();
        },
      },
      h('label', { for: id('q'), text: t.inputLabel }),
      h('div', { class: 'row' }, this.input, this.sendBtn),
      h('p', { class: 'fine', id: id('hint') }, h('span', { class: 'sr-only', text: t.hint + ' ' }), t.disclaimer),
    );

    this.panel = h(
      'div',
      {
        id: id('panel'),
        class: 'panel',
        role: 'dialog',
        'aria-label': t.dialogLabel,
        lang,
        hidden: true,
        onkeydown: (e) => {
          if (e.key === 'Escape' || e.key === 'Esc') {
            e.preventDefault();
            e.stopPropagation();
            this.close();
          } else if (e.key === 'Tab') this.wrapFocus(e);
        },
      },
      h(
        'div',
        { class: 'head' },
        h('div', { class: 'titles' }, h('h2', { text: t.title })),
        h(
          'button',
          { type: 'button', class: 'iconbtn new', onclick: () => this.reset() },
          icon('plus'),
          h('span', { class: 'label', text: t.newConversation }),
        ),
        h('button', { type: 'button', class: 'iconbtn', 'aria-label': t.close, title: t.close, onclick: () => this.close() }, icon('close')),
      ),
      this.log,
      form,
      this.live,
    );
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
    const t = this.t;
    this.log.replaceChildren();
    if (!this.turns.length) {
      this.log.appendChild(
        h(
          'div',
          { class: 'welcome' },
          h('p', { text: t.welcome }),
          h('p', { class: 'examples-label', id: `${this.uid}-ex`, text: t.examplesLabel }),
          h(
            'ul',
            { class: 'examples', 'aria-labelledby': `${this.uid}-ex` },
            t.examples.map((q) => h('li', null, h('button', { type: 'button', class: 'chip', onclick: () => this.ask(q), text: q }))),
          ),
        ),
      );
    }
    for (const turn of this.turns) this.log.append(...this.renderTurn(turn));
  }

  /** The question bubble and the answer block of one exchange. */
  renderTurn(turn) {
    const t = this.t;
    const q = h('p', { class: 'q' }, h('span', { class: 'sr-only', text: `${t.you} : ` }), turn.question);
    turn.qNode = q;
    turn.node = this.renderAnswerBlock(turn);
    return [q, turn.node];
  }

  rerender(turn) {
    const fresh = this.renderAnswerBlock(turn);
    if (turn.node && turn.node.parentNode) turn.node.replaceWith(fresh);
    else this.log.appendChild(fresh);
    turn.node = fresh;
    this.scrollDown();
  }

  renderAnswerBlock(turn) {
    const t = this.t;
    const who = h('span', { class: 'sr-only', text: `${t.assistant} : ` });
    if (turn.status === 'pending') {
      return h('div', { class: 'a' }, h('p', { class: 'thinking' }, who, t.thinking));
    }
    if (turn.status === 'error') return this.renderError(turn);
    if (turn.status === 'streaming') {
      if (!turn.grounded) return h('div', { class: 'a' }, h('p', { class: 'thinking' }, who, t.thinking));
      turn.streamBody = h('div', { class: 'body', text: turn.answer || '' });
      return h('div', { class: 'a streaming' }, who, turn.streamBody);
    }
    // done
    const block = h('div', { class: 'a', 'data-answer-id': turn.answer_id || null }, who);
    if (turn.grounded === false) {
      const sugg = (turn.suggestions || []).filter(Boolean);
      // No passage to suggest and a reply of the server's own (« bonjour » → a greeting):
      // show that reply; otherwise the widget's own words for "not found".
      const own = !sugg.length && turn.answer ? turn.answer : '';
      block.appendChild(
        own ? h('p', { class: 'reply', text: own }) : h('p', { class: 'notfound', text: sugg.length ? t.notGrounded : t.notGroundedNoSuggestion }),
      );
      if (sugg.length) {
        const lid = `${this.uid}-s${turn.id}`;
        block.append(
          h('p', { class: 'sr-only', id: lid, text: t.suggestionsLabel }),
          h(
            'ul',
            { class: 'suggestions', 'aria-labelledby': lid },
            sugg.map((s) => {
              const full = String(s.quote || s.text || '');
              const quote = clip(full, 160);
              const from = [String(s.title || s.doc_id || ''), section(s)].filter(Boolean).join(' · ');
              return h(
                'li',
                null,
                h(
                  'button',
                  { type: 'button', class: 'suggestion', onclick: () => this.ask(t.suggestionQuestion(clip(full, 300))) },
                  h('strong', { text: quote || from }),
                  quote && from ? h('span', { text: from }) : null,
                ),
              );
            }),
          ),
        );
      }
    } else {
      const cites = new Map((turn.citations || []).map((c) => [Number(c.n), c]));
      const passage = h('div', { class: 'passage', hidden: true, id: `${this.uid}-p${turn.id}`, tabindex: '-1' });
      const marker = (n) => {
        const c = cites.get(n);
        return h('button', {
          type: 'button',
          class: 'cite',
          'aria-expanded': 'false',
          'aria-controls': passage.id,
          'aria-label': t.citationLabel(n, c.title || c.doc_id || ''),
          'data-n': String(n),
          text: String(n),
          onclick: (e) => this.togglePassage(block, passage, c, e.currentTarget),
        });
      };
      const body = h('div', { class: 'body' });
      body.appendChild(renderAnswer(turn.answer || '', marker, (n) => cites.has(n)));
      block.append(body, passage);
      if (cites.size) block.appendChild(this.renderSources(turn));
    }
    block.appendChild(this.renderActions(turn));
    return block;
  }

  togglePassage(block, passage, c, btn) {
    const t = this.t;
    const wasOpen = btn.getAttribute('aria-expanded') === 'true';
    for (const b of block.querySelectorAll('.cite')) b.setAttribute('aria-expanded', 'false');
    if (wasOpen) {
      passage.hidden = true;
      passage.replaceChildren();
      return;
    }
    // Every marker for this source shows as expanded.
    for (const b of block.querySelectorAll(`.cite[data-n="${Number(c.n)}"]`)) b.setAttribute('aria-expanded', 'true');
    const loc = where(c, t);
    const href = sourceHref(c);
    const quote = String(c.quote || c.text || '');
    const full = String(c.text || '');
    passage.replaceChildren();
    append(passage, [
      h(
        'div',
        { class: 'passage-head' },
        h(
          'div',
          null,
          h('p', { class: 'passage-title' }, h('span', { class: 'sr-only', text: `${t.passageOf(c.n)} : ` }), String(c.title || c.doc_id || '')),
          loc ? h('p', { class: 'passage-where', text: loc }) : null,
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'iconbtn',
            'aria-label': t.closePassage,
            title: t.closePassage,
            onclick: () => {
              this.togglePassage(block, passage, c, btn);
              btn.focus();
            },
          },
          icon('close'),
        ),
      ),
      h('blockquote', { text: quote }),
      full && full !== quote ? h('details', null, h('summary', { text: t.fullPassage }), h('p', { text: full })) : null,
      href
        ? h(
            'a',
            { class: 'extlink', href, target: '_blank', rel: 'noopener noreferrer' },
            h('span', { text: t.openSource }),
            h('span', { class: 'sr-only', text: ` ${t.newTab}` }),
            icon('link'),
          )
        : null,
    ]);
    passage.hidden = false;
    passage.scrollIntoView({ block: 'nearest' });
  }

  renderSources(turn) {
    const t = this.t;
    const hid = `${this.uid}-src${turn.id}`;
    return h(
      'div',
      { class: 'sources' },
      h('h3', { id: hid, text: t.sources }),
      h(
        'ol',
        { 'aria-labelledby': hid },
        turn.citations.map((c) => {
          const url = safeUrl(c.url);
          const title = String(c.title || c.doc_id || '');
          const loc = where(c, t);
          return h(
            'li',
            null,
            h('span', { class: 'num', 'aria-hidden': 'true', text: `[${c.n}]` }),
            h(
              'span',
              null,
              h('span', { class: 'sr-only', text: `${t.citationLabel(c.n, '')}` }),
              url
                ? h('a', { href: sourceHref(c) || url, target: '_blank', rel: 'noopener noreferrer' }, title, h('span', { class: 'sr-only', text: ` ${t.newTab}` }))
                : title,
              loc ? h('span', { class: 'loc', text: ` — ${loc}` }) : null,
            ),
          );
        }),
      ),
    );
  }

  renderActions(turn) {
    const t = this.t;
    const status = h('span', { class: 'status', role: 'status' });
    const copy = h(
      'button',
      {
        type: 'button',
        class: 'iconbtn',
        onclick: () => this.copy(turn, status),
      },
      icon('copy'),
      h('span', { text: t.copy }),
    );
    const bar = h('div', { class: 'actions' }, turn.grounded === false ? null : copy);
    if (turn.answer_id) {
      const group = h('div', { role: 'group', 'aria-label': t.feedbackLabel, class: 'thumbs' });
      const thumbs = ['up', 'down'].map((rating) =>
        h(
          'button',
          {
            type: 'button',
            class: 'iconbtn',
            'aria-pressed': String(turn.feedback === rating),
            'aria-label': rating === 'up' ? t.thumbUp : t.thumbDown,
            title: rating === 'up' ? t.thumbUp : t.thumbDown,
            onclick: (e) => this.rate(turn, rating, thumbs, e.currentTarget, bar, status),
          },
          icon(rating),
        ),
      );
      append(group, thumbs);
      bar.appendChild(group);
    }
    bar.appendChild(status);
    return bar;
  }

  async copy(turn, status) {
    const t = this.t;
    const text = answerForClipboard(turn, t);
    let ok = false;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch {
      // Clipboard API needs a secure context: fall back to a selected, off-screen textarea.
      const ta = h('textarea', { class: 'sr-only', readonly: true, 'aria-hidden': 'true', tabindex: '-1' });
      ta.value = text;
      this.shadowRoot.appendChild(ta);
      const active = this.shadowRoot.activeElement;
      ta.select();
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
      ta.remove();
      if (active) active.focus();
    }
    status.textContent = ok ? t.copied : t.copyFailed;
    setTimeout(() => {
      if (status.textContent === t.copied) status.textContent = '';
    }, 4000);
  }

  async rate(turn, rating, thumbs, btn, bar, status) {
    const t = this.t;
    turn.feedback = rating;
    for (const b of thumbs) b.setAttribute('aria-pressed', String(b === btn));
    this.save();
    const ok = await sendFeedback(this.api, { answer_id: turn.answer_id, rating });
    status.textContent = ok ? t.feedbackThanks : t.feedbackFailed;
    if (!ok) return;
    // An optional reason, posted for the same answer: the server keeps one vote per answer.
    const old = bar.querySelector('.reason');
    if (old) old.remove();
    const rid = `${this.uid}-r${turn.id}`;
    const input = h('input', { id: rid, type: 'text', maxlength: '500', autocomplete: 'off' });
    const form = h(
      'form',
      {
        class: 'reason',
        onsubmit: async (e) => {
          e.preventDefault();
          const reason = input.value.trim();
          if (!reason) return;
          const sent = await sendFeedback(this.api, { answer_id: turn.answer_id, rating: turn.feedback, reason });
          status.textContent = sent ? t.feedbackThanks : t.feedbackFailed;
          if (sent) {
            form.remove();
            btn.focus();
          }
        },
      },
      h('label', { for: rid, text: t.reasonLabel }),
      input,
      h('button', { type: 'submit', class: 'btn secondary', text: t.reasonSend }),
    );
    bar.appendChild(form);
  }

  renderError(turn) {
    const t = this.t;
    const e = turn.error || {};
    const msg = {
      network: t.errorNetwork,
      timeout: t.errorTimeout,
      rate: t.errorRateLimit(e.retryAfter || 30),
      invalid: t.errorInvalid,
      server: t.errorServer,
      interrupted: t.errorInterrupted,
    }[e.kind] || t.errorServer;
    return h(
      'div',
      { class: 'a error' },
      h('p', { text: msg }),
      e.detail && e.kind !== 'network' ? h('p', { class: 'detail', text: e.detail }) : null,
      e.kind === 'invalid'
        ? null
        : h(
            'button',
            { type: 'button', class: 'btn secondary', onclick: () => this.retry(turn) },
            icon('retry'),
            h('span', { text: t.retry }),
          ),
    );
  }

  // ---------- conversation ----------

  history() {
    const msgs = [];
    for (const turn of this.turns) {
      if (turn.status !== 'done') continue;
      const answer = turn.answer || (turn.grounded === false ? this.t.notGroundedNoSuggestion : '');
      msgs.push({ role: 'user', content: turn.question.slice(0, MAX_TURN_CHARS) });
      msgs.push({ role: 'assistant', content: answer.slice(0, MAX_TURN_CHARS) });
    }
    const kept = msgs.slice(-HISTORY_MESSAGES);
    const size = (m) => new TextEncoder().encode(JSON.stringify(m)).length;
    while (kept.length && size(kept) > HISTORY_BYTES) kept.splice(0, 2);
    return kept;
  }

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
    const turn = { id: ++this.seq, question, status: 'pending', answer: '', history: this.history() };
    this.turns.push(turn);
    this.log.append(...this.renderTurn(turn));
    this.scrollDown(true);
    // Focus stays (or goes back) to the question field, ready for a follow-up.
    this.input.focus();
    this.run(turn);
  }

  retry(turn) {
    if (this.busy) return;
    Object.assign(turn, { status: 'pending', answer: '', error: null });
    this.rerender(turn);
    this.input.focus();
    this.run(turn);
  }

  async run(turn) {
    if (this.ctrl) this.ctrl.abort();
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    this.setBusy(true);
    const seconds = Number(this.getAttribute('timeout'));
    let frame = 0;
    const paint = () => {
      frame = 0;
      if (turn.streamBody) turn.streamBody.textContent = turn.answer;
      this.scrollDown();
    };
    try {
      const res = await ask(
        this.api,
        { question: turn.question, history: turn.history },
        {
          signal: ctrl.signal,
          timeoutMs: seconds > 0 ? seconds * 1000 : 60000,
          onStart: (r) => {
            Object.assign(turn, {
              citations: r.citations || [],
              suggestions: r.suggestions || [],
              grounded: r.grounded !== false,
              answer_id: r.answer_id || '',
              status: 'streaming',
              answer: '',
            });
            this.rerender(turn);
          },
          onDelta: (piece) => {
            turn.answer += piece;
            if (!frame) frame = requestAnimationFrame(paint);
          },
        },
      );
      if (ctrl.signal.aborted) return;
      cancelAnimationFrame(frame);
      Object.assign(turn, {
        status: 'done',
        answer: String(res.answer || ''),
        citations: Array.isArray(res.citations) ? res.citations : turn.citations || [],
        suggestions: Array.isArray(res.suggestions) ? res.suggestions : turn.suggestions || [],
        grounded: res.grounded !== false,
        answer_id: res.answer_id == null ? turn.answer_id || '' : String(res.answer_id),
      });
      turn.streamBody = null;
      this.rerender(turn);
      const t = this.t;
      this.announce(turn.grounded ? t.answerAnnounce(plainAnswer(turn.answer, true)) : t.answerAnnounceNotGrounded);
      this.save();
    } catch (e) {
      cancelAnimationFrame(frame);
      if (ctrl.signal.aborted && !(e instanceof ApiError)) {
        // Cancelled: by "new conversation" (the turn is gone), or by the element leaving
        // the page (the turn stays, with a retry).
        if (!this.turns.includes(turn)) return;
        e = new ApiError('interrupted');
      }
      turn.status = 'error';
      turn.streamBody = null;
      if (e instanceof ApiError) turn.error = { kind: e.kind, detail: e.detail, retryAfter: e.retryAfter };
      else {
        turn.error = { kind: 'server' };
        setTimeout(() => {
          throw e; // a bug of the widget: show it in the console, not as a network error
        });
      }
      this.rerender(turn);
      const node = turn.node.querySelector('p');
      this.announce(node ? node.textContent : this.t.errorServer);
    } finally {
      if (this.ctrl === ctrl) {
        this.ctrl = null;
        this.setBusy(false);
      }
    }
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
    try {
      const keep = this.turns
        .filter((x) => x.status === 'done')
        .slice(-KEPT_TURNS)
        .map(({ question, answer, citations, suggestions, grounded, answer_id, feedback }) => ({
          question, answer, citations, suggestions, grounded, answer_id, feedback,
        }));
      if (keep.length) sessionStorage.setItem(this.storageKey, JSON.stringify({ turns: keep }));
      else sessionStorage.removeItem(this.storageKey);
    } catch {
      /* storage unavailable (sandbox, quota): memory only */
    }
  }

  restore() {
    try {
      const data = JSON.parse(sessionStorage.getItem(this.storageKey) || 'null');
      if (!data || !Array.isArray(data.turns)) return;
      this.turns = data.turns
        .filter((x) => x && typeof x.question === 'string')
        .map((x) => ({
          id: ++this.seq,
          status: 'done',
          question: x.question,
          answer: typeof x.answer === 'string' ? x.answer : '',
          citations: Array.isArray(x.citations) ? x.citations : [],
          suggestions: Array.isArray(x.suggestions) ? x.suggestions : [],
          grounded: x.grounded !== false,
          answer_id: typeof x.answer_id === 'string' ? x.answer_id : '',
          feedback: x.feedback === 'up' || x.feedback === 'down' ? x.feedback : undefined,
        }));
    } catch {
      /* nothing to restore */
    }
  }
}

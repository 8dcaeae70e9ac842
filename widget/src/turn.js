// One answer of the transcript, as DOM nodes: "thinking…", the streamed text, the finished
// answer with its citation markers, the passage they open and the list of sources, the
// suggestions offered when nothing was found, or an error with "retry". `el` is the
// <pacte-chat> element (its strings, id prefix, ask() and retry()). Server text goes in as text
// nodes only; links come only from http(s) URLs (safeUrl, sourceHref).

import { renderActions } from './actions.js';
import { append, h, icon } from './dom.js';
import { clip, renderAnswer, safeUrl, section, sourceHref, where } from './format.js';

/** The answer block of `turn`, for its current status. */
export function renderAnswerBlock(el, turn) {
  const t = el.t;
  const who = h('span', { class: 'sr-only', text: `${t.assistant} : ` });
  if (turn.status === 'pending') {
    return h('div', { class: 'a' }, h('p', { class: 'thinking' }, who, t.thinking));
  }
  if (turn.status === 'error') return renderError(el, turn);
  if (turn.status === 'streaming') {
    if (!turn.grounded) return h('div', { class: 'a' }, h('p', { class: 'thinking' }, who, t.thinking));
    turn.streamBody = h('div', { class: 'body', text: turn.answer || '' });
    return h('div', { class: 'a streaming' }, who, turn.streamBody);
  }
  // done
  const block = h('div', { class: 'a', 'data-answer-id': turn.answer_id || null }, who);
  if (turn.grounded === false) {
    const sugg = (turn.suggestions || []).filter(Boolean);
    // The server's own words, one paragraph a line: why it does not answer (« Les textes
    // indexés ne mentionnent pas « SIAO ». », « … n'indiquent pas ce montant. ») or its reply
    // to « bonjour »; the widget's words for "not found" only when it sent none.
    const lines = String(turn.answer || '').split('\n').filter((x) => x.trim());
    const kind = sugg.length ? 'notfound' : 'reply';
    block.append(
      ...(lines.length
        ? lines.map((x) => h('p', { class: kind, text: x }))
        : [h('p', { class: 'notfound', text: sugg.length ? t.notGrounded : t.notGroundedNoSuggestion })]),
    );
    if (sugg.length) {
      const lid = `${el.uid}-s${turn.id}`;
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
                { type: 'button', class: 'suggestion', onclick: () => el.ask(t.suggestionQuestion(clip(full, 300))) },
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
    const passage = h('div', { class: 'passage', hidden: true, id: `${el.uid}-p${turn.id}`, tabindex: '-1' });
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
        onclick: (e) => togglePassage(el, block, passage, c, e.currentTarget),
      });
    };
    const body = h('div', { class: 'body' });
    body.appendChild(renderAnswer(turn.answer || '', marker, (n) => cites.has(n)));
    block.append(body, passage);
    if (cites.size) block.appendChild(renderSources(el, turn));
  }
  block.appendChild(renderActions(el, turn));
  return block;
}

function togglePassage(el, block, passage, c, btn) {
  const t = el.t;
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
            togglePassage(el, block, passage, c, btn);
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

function renderSources(el, turn) {
  const t = el.t;
  const hid = `${el.uid}-src${turn.id}`;
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

function renderError(el, turn) {
  const t = el.t;
  const e = turn.error || {};
  const msg = {
    network: t.errorNetwork,
    timeout: t.errorTimeout,
    rate: t.errorRateLimit(e.retryAfter || 30),
    invalid: t.errorInvalid,
    refused: t.errorRefused,
    server: t.errorServer,
    interrupted: t.errorInterrupted,
  }[e.kind] || t.errorServer;
  return h(
    'div',
    { class: 'a error' },
    h('p', { text: msg }),
    e.detail && e.kind !== 'network' ? h('p', { class: 'detail', text: e.detail }) : null,
    e.kind === 'invalid' || e.kind === 'refused' // retrying cannot help
      ? null
      : h(
          'button',
          { type: 'button', class: 'btn secondary', onclick: () => el.retry(turn) },
          icon('retry'),
          h('span', { text: t.retry }),
        ),
  );
}

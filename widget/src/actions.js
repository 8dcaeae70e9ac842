// The action bar under a finished answer: "copy the answer" (with its sources), thumbs up / down
// posted to POST /feedback, and the optional reason asked for after a vote. `el` is the
// <pacte-chat> element (its strings, API base, id prefix, shadow root and save()).

import { sendFeedback } from './api.js';
import { append, h, icon } from './dom.js';
import { answerForClipboard } from './format.js';

export function renderActions(el, turn) {
  const t = el.t;
  const status = h('span', { class: 'status', role: 'status' });
  const copyBtn = h(
    'button',
    {
      type: 'button',
      class: 'iconbtn',
      onclick: () => copy(el, turn, status),
    },
    icon('copy'),
    h('span', { text: t.copy }),
  );
  const bar = h('div', { class: 'actions' }, turn.grounded === false ? null : copyBtn);
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
          onclick: (e) => rate(el, turn, rating, thumbs, e.currentTarget, bar, status),
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

async function copy(el, turn, status) {
  const t = el.t;
  const text = answerForClipboard(turn, t);
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    // Clipboard API needs a secure context: fall back to a selected, off-screen textarea.
    const ta = h('textarea', { class: 'sr-only', readonly: true, 'aria-hidden': 'true', tabindex: '-1' });
    ta.value = text;
    el.shadowRoot.appendChild(ta);
    const active = el.shadowRoot.activeElement;
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

async function rate(el, turn, rating, thumbs, btn, bar, status) {
  const t = el.t;
  turn.feedback = rating;
  for (const b of thumbs) b.setAttribute('aria-pressed', String(b === btn));
  el.save();
  const ok = await sendFeedback(el.api, { answer_id: turn.answer_id, rating });
  status.textContent = ok ? t.feedbackThanks : t.feedbackFailed;
  if (!ok) return;
  // An optional reason, posted for the same answer: the server keeps one vote per answer.
  const old = bar.querySelector('.reason');
  if (old) old.remove();
  const rid = `${el.uid}-r${turn.id}`;
  const input = h('input', { id: rid, type: 'text', maxlength: '500', autocomplete: 'off' });
  const form = h(
    'form',
    {
      class: 'reason',
      onsubmit: async (e) => {
        e.preventDefault();
        const reason = input.value.trim();
        if (!reason) return;
        const sent = await sendFeedback(el.api, { answer_id: turn.answer_id, rating: turn.feedback, reason });
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

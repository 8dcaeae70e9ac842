// One exchange with the API: sends a turn's question (and its follow-up history) through
// api.js's streamed ask() and updates the turn as the events arrive: the sources first, the
// answer's text piece by piece (painted once per frame), then the finished answer, or an
// error with "retry". `el` is the <pacte-chat> element (its API base, timeout, strings,
// rerender(), scrollDown(), announce(), setBusy() and save()); it holds the AbortController
// of the exchange under way as `el.ctrl`. The streamed text goes in as a text node only.

import { ApiError, ask } from './api.js';
import { plainAnswer } from './format.js';

/** Asks `turn.question`, aborting any exchange still under way. */
export async function runTurn(el, turn) {
  if (el.ctrl) el.ctrl.abort();
  const ctrl = new AbortController();
  el.ctrl = ctrl;
  el.setBusy(true);
  const seconds = Number(el.getAttribute('timeout'));
  let frame = 0;
  const paint = () => {
    frame = 0;
    if (turn.streamBody) turn.streamBody.textContent = turn.answer;
    el.scrollDown();
  };
  try {
    const res = await ask(
      el.api,
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
          el.rerender(turn);
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
    el.rerender(turn);
    const t = el.t;
    el.announce(turn.grounded ? t.answerAnnounce(plainAnswer(turn.answer, true)) : t.answerAnnounceNotGrounded);
    el.save();
  } catch (e) {
    cancelAnimationFrame(frame);
    if (ctrl.signal.aborted && !(e instanceof ApiError)) {
      // Cancelled: by "new conversation" (the turn is gone), or by the element leaving
      // the page (the turn stays, with a retry).
      if (!el.turns.includes(turn)) return;
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
    el.rerender(turn);
    const node = turn.node.querySelector('p');
    el.announce(node ? node.textContent : el.t.errorServer);
  } finally {
    if (el.ctrl === ctrl) {
      el.ctrl = null;
      el.setBusy(false);
    }
  }
}

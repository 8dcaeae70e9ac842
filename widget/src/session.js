// The conversation kept across page loads and sent with a follow-up question: turns mirrored to
// the tab's sessionStorage under a "pacte-chat:v1:<API origin>" key (no cookies), and the
// history of recent exchanges, cut to what the API accepts.

const HISTORY_MESSAGES = 10; // the last 5 exchanges go with a follow-up question
const KEPT_TURNS = 30;
const MAX_TURN_CHARS = 4000; // the API refuses longer history messages
// The API refuses bodies over 64 KiB: the oldest messages are left out before the history
// (sent as UTF-8 JSON) outgrows 48 KB, leaving room for the question.
const HISTORY_BYTES = 48000;

/** The sessionStorage key for an API base ("" for the page's own origin). */
export function storageKey(api) {
  let origin = '';
  try {
    origin = new URL(api || '/', document.baseURI).origin;
  } catch {
    /* keep "" */
  }
  return `pacte-chat:v1:${origin}`;
}

/** Stores the last finished turns (without their DOM nodes), or removes the key if none. */
export function saveTurns(key, turns) {
  try {
    const keep = turns
      .filter((x) => x.status === 'done')
      .slice(-KEPT_TURNS)
      .map(({ question, answer, citations, suggestions, grounded, answer_id, feedback }) => ({
        question, answer, citations, suggestions, grounded, answer_id, feedback,
      }));
    if (keep.length) sessionStorage.setItem(key, JSON.stringify({ turns: keep }));
    else sessionStorage.removeItem(key);
  } catch {
    /* storage unavailable (sandbox, quota): memory only */
  }
}

/**
 * The turns stored under `key`, checked field by field and numbered with `nextId()`; null when
 * there is nothing (valid) to restore.
 */
export function restoreTurns(key, nextId) {
  try {
    const data = JSON.parse(sessionStorage.getItem(key) || 'null');
    if (!data || !Array.isArray(data.turns)) return null;
    return data.turns
      .filter((x) => x && typeof x.question === 'string')
      .map((x) => ({
        id: nextId(),
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
    return null;
  }
}

/** The user / assistant messages sent with a follow-up question: finished turns only. */
export function followUpHistory(turns, t) {
  const msgs = [];
  for (const turn of turns) {
    if (turn.status !== 'done') continue;
    const answer = turn.answer || (turn.grounded === false ? t.notGroundedNoSuggestion : '');
    msgs.push({ role: 'user', content: turn.question.slice(0, MAX_TURN_CHARS) });
    msgs.push({ role: 'assistant', content: answer.slice(0, MAX_TURN_CHARS) });
  }
  const kept = msgs.slice(-HISTORY_MESSAGES);
  const size = (m) => new TextEncoder().encode(JSON.stringify(m)).length;
  while (kept.length && size(kept) > HISTORY_BYTES) kept.splice(0, 2);
  return kept;
}

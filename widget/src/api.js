// Talking to the pacte API: POST /ask (streamed as server-sent events, read with fetch because
// EventSource cannot POST) and POST /feedback. No cookies are sent (credentials: "omit").

export class ApiError extends Error {
  /**
   * @param {"network"|"refused"|"timeout"|"rate"|"invalid"|"server"} kind
   * @param {string} [message] server-provided detail, shown as text
   * @param {number} [retryAfter] seconds, for kind "rate"
   */
  constructor(kind, message, retryAfter) {
    super(message || kind);
    this.kind = kind;
    this.detail = message || '';
    this.retryAfter = retryAfter;
  }
}

/** Joins the API base ("" for same origin) and a path. */
export function endpoint(base, path) {
  return String(base || '').replace(/\/+$/, '') + path;
}

function retryAfterSeconds(header, body) {
  let s = Number(body && body.retry_after);
  if (!(s > 0) && header) {
    s = /^\s*\d+(\.\d+)?\s*$/.test(header)
      ? Number(header)
      : (Date.parse(header) - Date.now()) / 1000;
  }
  return s > 0 ? Math.ceil(s) : 30;
}

async function readJson(res) {
  try {
    return await res.json();
  } catch {
    return null;
  }
}

async function failure(res) {
  const body = await readJson(res);
  const detail = body && typeof body.detail === 'string' ? body.detail : '';
  if (res.status === 429) {
    return new ApiError('rate', detail, retryAfterSeconds(res.headers.get('Retry-After'), body));
  }
  if (res.status === 400 || res.status === 413 || res.status === 422) return new ApiError('invalid', detail);
  return new ApiError('server', detail);
}

/**
 * After a cross-origin request failed with no response: true when the API still answers an
 * opaque (no-cors) request, so it is up and refused this page's origin (CORS), which a
 * script can tell no other way. Says so in the console, for the site's integrator.
 */
async function refusedByCors(base) {
  let url;
  try {
    url = new URL(endpoint(base, '/health'), location.href);
  } catch {
    return false;
  }
  if (url.origin === location.origin) return false; // same origin: CORS plays no part
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), 3000);
  try {
    await fetch(url, { mode: 'no-cors', credentials: 'omit', cache: 'no-store', signal: ctrl.signal });
  } catch {
    return false; // unreachable too: a network failure
  } finally {
    clearTimeout(timer);
  }
  console.warn(
    `pacte-chat : l’API ${url.origin} refuse les requêtes venant de ${location.origin} (CORS). ` +
      'Ajoutez cette origine à PACTE_CORS_ORIGINS sur le serveur de l’API.',
  );
  return true;
}

/** Splits a server-sent event stream into {event, data} records; returns the unparsed rest. */
export function parseSse(buffer, onEvent) {
  // Keep a lone trailing "\r": the "\n" of its "\r\n" may be in the next chunk.
  const keep = buffer.endsWith('\r') ? 1 : 0;
  let text = buffer.slice(0, buffer.length - keep).replace(/\r\n?/g, '\n');
  let cut;
  while ((cut = text.indexOf('\n\n')) >= 0) {
    const block = text.slice(0, cut);
    text = text.slice(cut + 2);
    let event = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (!line || line[0] === ':') continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value[0] === ' ') value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) onEvent(event, data.join('\n'));
  }
  return text + (keep ? '\r' : '');
}

/**
 * Asks a question. Calls `onStart({citations, grounded, answer_id, suggestions})` once,
 * `onDelta(text)` for each streamed piece, and resolves with the full answer object.
 * `timeoutMs` is an idle timeout: it restarts whenever bytes arrive.
 */
export async function ask(base, payload, { onStart, onDelta, signal, timeoutMs = 60000 } = {}) {
  const ctrl = new AbortController();
  let timedOut = false;
  let timer;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, timeoutMs);
  };
  const onAbort = () => ctrl.abort();
  if (signal) signal.addEventListener('abort', onAbort);
  arm();
  let bug = null; // an exception thrown by onStart/onDelta: passed on as it is
  const call = (fn, arg) => {
    try {
      if (fn) fn(arg);
    } catch (err) {
      bug = bug || err;
    }
  };
  const fail = (e) => {
    if (e instanceof ApiError || (bug && e === bug)) return e;
    if (timedOut) return new ApiError('timeout');
    if (signal && signal.aborted) return e; // cancelled on purpose (new conversation)
    return new ApiError('network');
  };
  try {
    let res;
    try {
      res = await fetch(endpoint(base, '/ask'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
        body: JSON.stringify({ ...payload, stream: true }),
        credentials: 'omit',
        signal: ctrl.signal,
      });
    } catch (e) {
      const err = fail(e);
      if (err instanceof ApiError && err.kind === 'network' && (await refusedByCors(base))) {
        throw new ApiError('refused');
      }
      throw err;
    }
    if (!res.ok) throw await failure(res);
    arm();
    const type = res.headers.get('Content-Type') || '';
    if (!type.includes('text/event-stream') || !res.body) {
      // A server that does not stream answers with the whole JSON object.
      const body = await readJson(res);
      if (!body || typeof body.answer !== 'string') throw new ApiError('server');
      call(onStart, body);
      call(onDelta, body.answer);
      if (bug) throw bug;
      return body;
    }
    const result = { answer: '', citations: [], grounded: true, suggestions: [], answer_id: '' };
    let done = false;
    let streamError = null;
    const handle = (event, data) => {
      let obj;
      try {
        obj = JSON.parse(data);
      } catch {
        return;
      }
      if (!obj || typeof obj !== 'object') return;
      if (event === 'citations') {
        Object.assign(result, {
          citations: Array.isArray(obj.citations) ? obj.citations : [],
          suggestions: Array.isArray(obj.suggestions) ? obj.suggestions : [],
          grounded: obj.grounded !== false,
          answer_id: obj.answer_id == null ? '' : String(obj.answer_id),
        });
        call(onStart, result);
      } else if (event === 'delta' && typeof obj.text === 'string') {
        result.answer += obj.text;
        call(onDelta, obj.text);
      } else if (event === 'done') {
        if (typeof obj.answer === 'string') result.answer = obj.answer;
        result.took_ms = obj.took_ms;
        done = true;
      } else if (event === 'error') {
        streamError = new ApiError('server', typeof obj.message === 'string' ? obj.message : '');
      }
    };
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        arm();
        buffer = parseSse(buffer + decoder.decode(value, { stream: true }), handle);
        if (bug) throw bug;
        if (streamError) throw streamError;
        if (done) break;
      }
      parseSse(buffer + decoder.decode() + '\n\n', handle);
    } catch (e) {
      throw fail(e);
    } finally {
      reader.cancel().catch(() => {});
    }
    if (bug) throw bug;
    if (streamError) throw streamError;
    if (!done && !result.answer) throw new ApiError('network');
    return result;
  } finally {
    clearTimeout(timer);
    if (signal) signal.removeEventListener('abort', onAbort);
  }
}

/** Sends a thumbs up/down; resolves true when the API accepted it. */
export async function sendFeedback(base, payload) {
  try {
    const res = await fetch(endpoint(base, '/feedback'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
      credentials: 'omit',
    });
    return res.ok;
  } catch {
    return false;
  }
}

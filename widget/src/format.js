// Turning answer text and citations into DOM nodes, as text only.

import { append, h } from './dom.js';

const MARKER = /\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]/g;

/** Splits inline text into text pieces and citation numbers ("[1]", "[1, 2]"). */
export function splitMarkers(text, known) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(MARKER)) {
    const nums = m[1].split(/[,;]/).map((s) => Number(s.trim()));
    if (!nums.every((n) => known(n))) continue; // not a citation we can show: keep it literal
    if (m.index > last) out.push(text.slice(last, m.index));
    for (const n of nums) out.push(n);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function inline(text, marker, known) {
  // **bold** is the only inline markup kept; everything else stays literal text.
  return text.split(/\*\*(.+?)\*\*/g).map((piece, i) => {
    const nodes = splitMarkers(piece, known).map((p) =>
      typeof p === 'number' ? marker(p) : document.createTextNode(p),
    );
    return i % 2 ? h('strong', null, nodes) : nodes;
  });
}

/**
 * Renders answer text: blank lines separate paragraphs, runs of "- " / "* " / "1. " lines make
 * lists, "[n]" becomes `marker(n)` when `known(n)`.
 */
export function renderAnswer(text, marker, known) {
  const frag = document.createDocumentFragment();
  const bullet = /^\s*(?:[-*•]|\d+[.)])\s+/;
  for (const block of String(text).trim().split(/\n\s*\n/)) {
    let list = null;
    let p = null;
    for (const line of block.split('\n')) {
      if (!line.trim()) continue;
      if (bullet.test(line)) {
        const ordered = /^\s*\d/.test(line);
        if (!list || list.tagName !== (ordered ? 'OL' : 'UL')) list = frag.appendChild(h(ordered ? 'ol' : 'ul'));
        list.appendChild(h('li', null, inline(line.replace(bullet, ''), marker, known)));
        p = null;
      } else {
        if (p) p.appendChild(h('br'));
        else p = frag.appendChild(h('p'));
        append(p, inline(line, marker, known));
        list = null;
      }
    }
  }
  return frag;
}

/** Answer text for copying and announcing: bold markers dropped, optionally citations too. */
export function plainAnswer(text, dropMarkers) {
  let t = String(text).replace(/\*\*(.+?)\*\*/g, '$1');
  if (dropMarkers) t = t.replace(MARKER, '').replace(/ +([.,;:!?])/g, '$1');
  return t.trim();
}

/**
 * The URL if it is an absolute http(s) URL, else "": a javascript: URL from the server never
 * becomes a link, and a document with no URL (or a relative one) is not linked to the page
 * the widget is embedded in.
 */
export function safeUrl(url) {
  try {
    const u = new URL(String(url || ''));
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : '';
  } catch {
    return '';
  }
}

function fragmentPart(s) {
  return encodeURIComponent(s).replace(/-/g, '%2D');
}

/** "#:~:text=" fragment for a quote: the whole quote, or its first and last words. */
export function textFragment(quote) {
  const words = String(quote || '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[«"“…\s]+|[»"”…\s]+$/g, '')
    .replace(/^\.\.\.|\.\.\.$/g, '')
    .trim()
    .split(' ')
    .filter(Boolean);
  if (!words.length) return '';
  if (words.length <= 10) return ':~:text=' + fragmentPart(words.join(' '));
  return (
    ':~:text=' + fragmentPart(words.slice(0, 5).join(' ')) + ',' + fragmentPart(words.slice(-5).join(' '))
  );
}

/** Link to a citation's source: a text fragment for web pages, #page=N for PDFs. */
export function sourceHref(c) {
  const url = safeUrl(c.url);
  if (!url) return '';
  const base = url.split('#')[0];
  if (/\.pdf$/i.test(new URL(base).pathname)) return c.page ? `${base}#page=${Number(c.page) || 1}` : base;
  const frag = textFragment(c.quote || c.text);
  return frag ? `${base}#${frag}` : base;
}

/** At most `n` characters, cut at a word boundary, with an ellipsis. */
export function clip(text, n) {
  const s = text.replace(/\s+/g, ' ').trim();
  if (s.length <= n) return s;
  const cut = s.slice(0, n);
  return `${cut.slice(0, cut.lastIndexOf(' ') > n / 2 ? cut.lastIndexOf(' ') : n).replace(/[\s,;:.]+$/, '')}…`;
}

/** The section path without the document title it often starts with ("Titre > Section"). */
export function section(c) {
  const title = String(c.title || '').trim();
  let sec = String(c.section || '').trim();
  if (title && sec.startsWith(title)) sec = sec.slice(title.length).replace(/^\s*>\s*/, '');
  return sec;
}

/** A document's date (AAAA, AAAA-MM or AAAA-MM-JJ) in words: « 20 février 2015 », "20 February 2015". */
export function formatDate(iso, t) {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(String(iso || ''));
  if (!m) return String(iso || '');
  const [, y, mo, d] = m;
  if (!mo) return y;
  const opts = { month: 'long', year: 'numeric', timeZone: 'UTC', ...(d ? { day: 'numeric' } : {}) };
  const text = new Intl.DateTimeFormat(t.locale, opts).format(new Date(Date.UTC(+y, +mo - 1, +(d || 1))));
  return t.locale.startsWith('fr') ? text.replace(/^1 /, '1er ') : text;
}

/** "Aurore, 20 février 2015 · Section · page 3" (a page read by OCR says so), or "" when the
 * citation has none of them. */
export function where(c, t) {
  const parts = [];
  const byline = [String(c.publisher || '').trim(), formatDate(c.date, t)].filter(Boolean).join(', ');
  if (byline) parts.push(byline);
  const sec = section(c);
  if (sec) parts.push(sec);
  if (c.page != null && c.page !== '') parts.push(c.ocr ? t.pageOcr(c.page) : t.page(c.page));
  return parts.join(' · ');
}

/** Plain-text answer with its sources, for the clipboard. */
export function answerForClipboard(turn, t) {
  const lines = [plainAnswer(turn.answer, false)];
  if (turn.citations && turn.citations.length) {
    lines.push('', t.sourcesCopy);
    for (const c of turn.citations) {
      const loc = where(c, t);
      const url = safeUrl(c.url);
      lines.push(`[${c.n}] ${c.title || c.doc_id || ''}${loc ? ' — ' + loc : ''}${url ? ' — ' + url : ''}`);
    }
  }
  return lines.join('\n');
}

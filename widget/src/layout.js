// The widget's fixed markup, built with h() (text nodes only): the launcher button, the dialog
// panel (header, transcript log, composer, live region) and the welcome text with its example
// questions. `el` is the <pacte-chat> element: the handlers call its open(), close(), reset(),
// submit(), ask(), autosize() and wrapFocus().

import { h, icon } from './dom.js';

/** The launcher and the panel, with the nodes the element keeps a hand on. */
export function layout(el, t, lang) {
  const id = (x) => `${el.uid}-${x}`;
  const launcher = h(
    'button',
    {
      type: 'button',
      class: 'launcher',
      'aria-haspopup': 'dialog',
      'aria-expanded': 'false',
      'aria-controls': id('panel'),
      lang,
      onclick: () => el.open(true),
    },
    icon('chat'),
    h('span', { class: 'label', text: t.launcher }),
  );

  const log = h('div', {
    class: 'log',
    role: 'log',
    'aria-live': 'off', // finished answers are announced once, by el.live
    'aria-label': t.transcript,
    tabindex: '0',
  });
  const live = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });

  const input = h('textarea', {
    id: id('q'),
    rows: '2',
    maxlength: '1000', // the API's limit
    placeholder: t.placeholder,
    'aria-describedby': id('hint'),
    autocomplete: 'off',
    onkeydown: (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        el.submit();
      }
    },
    oninput: () => el.autosize(),
  });
  const sendBtn = h('button', { type: 'submit', class: 'btn send' }, icon('send'), h('span', { class: 'label', text: t.send }));
  const form = h(
    'form',
    {
      class: 'composer',
      onsubmit: (e) => {
        e.preventDefault();
        el.submit();
      },
    },
    h('label', { for: id('q'), text: t.inputLabel }),
    h('div', { class: 'row' }, input, sendBtn),
    h('p', { class: 'fine', id: id('hint') }, h('span', { class: 'sr-only', text: t.hint + ' ' }), t.disclaimer),
  );

  const panel = h(
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
          el.close();
        } else if (e.key === 'Tab') el.wrapFocus(e);
      },
    },
    h(
      'div',
      { class: 'head' },
      h('div', { class: 'titles' }, h('h2', { text: t.title })),
      h(
        'button',
        { type: 'button', class: 'iconbtn new', onclick: () => el.reset() },
        icon('plus'),
        h('span', { class: 'label', text: t.newConversation }),
      ),
      h('button', { type: 'button', class: 'iconbtn', 'aria-label': t.close, title: t.close, onclick: () => el.close() }, icon('close')),
    ),
    log,
    form,
    live,
  );
  return { launcher, log, live, input, sendBtn, panel };
}

/** The empty transcript: a welcome and example questions, each asked with one click. */
export function welcome(el, t) {
  return h(
    'div',
    { class: 'welcome' },
    h('p', { text: t.welcome }),
    h('p', { class: 'examples-label', id: `${el.uid}-ex`, text: t.examplesLabel }),
    h(
      'ul',
      { class: 'examples', 'aria-labelledby': `${el.uid}-ex` },
      t.examples.map((q) => h('li', null, h('button', { type: 'button', class: 'chip', onclick: () => el.ask(q), text: q }))),
    ),
  );
}

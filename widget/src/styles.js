// The shadow root's stylesheet. Host pages theme the widget only through these custom
// properties (they inherit through the shadow boundary); nothing else leaks in or out.
//
//   --pacte-color-primary         buttons, links, accents        (#1d4f91)
//   --pacte-color-on-primary      text on primary                (#ffffff)
//   --pacte-color-background      panel background               (#ffffff)
//   --pacte-color-surface         passages, answers' boxes       (#f3f6fa)
//   --pacte-color-text            body text                      (#1b1b1b)
//   --pacte-color-muted           secondary text                 (#595959)
//   --pacte-color-border          borders, input outline         (#767676)
//   --pacte-color-user            background of your questions   (#e4ecf7)
//   --pacte-color-focus           focus ring                     (#1b1b1b)
//   --pacte-color-error           error accents                  (#b3261e)
//   --pacte-font                  font family                    (system-ui stack)
//   --pacte-font-size             base size                      (16px)
//   --pacte-radius                corner radius                  (12px)
//   --pacte-launcher-bottom       launcher offset from bottom    (20px)
//   --pacte-launcher-right        launcher offset from right     (20px)
//   --pacte-panel-width           panel width on large screens   (440px)
//   --pacte-panel-height          panel height on large screens  (640px)
//   --pacte-z-index               stacking order                 (2147483000)

export const CSS = `
:host {
  all: initial;
  --p: var(--pacte-color-primary, #1d4f91);
  --on-p: var(--pacte-color-on-primary, #fff);
  --bg: var(--pacte-color-background, #fff);
  --surface: var(--pacte-color-surface, #f3f6fa);
  --fg: var(--pacte-color-text, #1b1b1b);
  --muted: var(--pacte-color-muted, #595959);
  --border: var(--pacte-color-border, #767676);
  --user: var(--pacte-color-user, #e4ecf7);
  --focus: var(--pacte-color-focus, #1b1b1b);
  --err: var(--pacte-color-error, #b3261e);
  --r: var(--pacte-radius, 12px);
  --bottom: var(--pacte-launcher-bottom, 20px);
  --right: var(--pacte-launcher-right, 20px);
  display: block;
  font-family: var(--pacte-font, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
  font-size: var(--pacte-font-size, 16px);
  line-height: 1.5;
  color: var(--fg);
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.sr-only {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0;
}
button, input, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus { outline: none; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
a { color: var(--p); text-underline-offset: 2px; }
.icon { width: 1.25em; height: 1.25em; flex: none; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }

.launcher {
  position: fixed; right: var(--right); bottom: var(--bottom); z-index: var(--pacte-z-index, 2147483000);
  display: inline-flex; align-items: center; gap: .5em; min-height: 48px; padding: .7em 1.2em;
  border: 2px solid var(--on-p); border-radius: 999px; background: var(--p); color: var(--on-p);
  font-weight: 600; box-shadow: 0 4px 14px rgba(0,0,0,.25); transition: transform .15s ease;
}
.launcher:hover { transform: translateY(-2px); }
.launcher:focus-visible { outline: 3px solid var(--focus); outline-offset: 3px; }
.launcher[aria-expanded="true"] { display: none; }

.panel {
  position: fixed; right: var(--right); bottom: var(--bottom); z-index: var(--pacte-z-index, 2147483000);
  width: min(var(--pacte-panel-width, 440px), calc(100vw - 2 * var(--right)));
  height: min(var(--pacte-panel-height, 640px), calc(100vh - 2 * var(--bottom)));
  display: flex; flex-direction: column; overflow: hidden;
  background: var(--bg); color: var(--fg); border: 1px solid var(--border); border-radius: var(--r);
  box-shadow: 0 12px 40px rgba(0,0,0,.3);
  animation: pacte-in .18s ease-out;
}
@keyframes pacte-in { from { opacity: 0; transform: translateY(12px); } }

.head {
  display: flex; align-items: center; gap: .25rem; padding: .4rem .5rem .4rem 1rem;
  border-bottom: 1px solid var(--border); background: var(--bg);
}
.head .titles { flex: 1; min-width: 0; }
.head h2 { margin: 0; font-size: 1rem; line-height: 1.3; color: var(--p); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.iconbtn {
  display: inline-flex; align-items: center; justify-content: center; gap: .35em;
  min-width: 44px; min-height: 44px; padding: .4em; border: 1px solid transparent; border-radius: 8px;
  background: transparent; color: var(--fg);
}
.iconbtn:hover { background: var(--surface); border-color: var(--border); }
.head .iconbtn.new { font-size: .8rem; padding: .4em .5em; white-space: nowrap; }

.log { flex: 1; overflow-y: auto; padding: 1rem; display: flex; flex-direction: column; gap: 1rem; overscroll-behavior: contain; }
.log > * { margin: 0; }
.welcome p { margin: 0 0 .75rem; }
.examples { display: flex; flex-direction: column; align-items: flex-start; gap: .5rem; margin: 0; padding: 0; list-style: none; }
.examples-label { font-size: .85rem; color: var(--muted); margin: 0 0 .4rem; }
.chip {
  text-align: left; padding: .5em .8em; min-height: 44px; border: 1px solid var(--p); border-radius: 999px;
  background: var(--bg); color: var(--p); font-size: .9rem; line-height: 1.3;
}
.chip:hover { background: var(--user); }

.q {
  align-self: flex-end; max-width: 85%; padding: .6em .9em; border-radius: var(--r) var(--r) 4px var(--r);
  background: var(--user); white-space: pre-wrap; overflow-wrap: anywhere;
}
.a { align-self: stretch; overflow-wrap: anywhere; }
.a .body p, .a .body ul, .a .body ol { margin: 0 0 .6em; }
.a .body ul, .a .body ol { padding-left: 1.3em; }
.a .body > :last-child { margin-bottom: 0; }
.streaming .body { white-space: pre-wrap; }
.streaming .body::after {
  content: ""; display: inline-block; width: .5em; height: 1em; margin-left: 2px; vertical-align: text-bottom;
  background: var(--p); animation: pacte-blink 1s steps(2) infinite;
}
@keyframes pacte-blink { 50% { opacity: 0; } }
.thinking { color: var(--muted); font-style: italic; }
.thinking::after { content: "…"; display: inline-block; animation: pacte-blink 1.2s steps(2) infinite; }

.cite {
  display: inline-flex; align-items: center; justify-content: center; min-width: 1.7em; height: 1.5em;
  margin: 0 .15em; padding: 0 .35em; vertical-align: .1em; border: 1px solid var(--p); border-radius: 6px;
  background: var(--bg); color: var(--p); font-size: .8em; font-weight: 700; line-height: 1;
}
.cite:hover, .cite[aria-expanded="true"] { background: var(--p); color: var(--on-p); }

.passage {
  margin: .75em 0 0; padding: .75em .9em; border-left: 4px solid var(--p); border-radius: 4px;
  background: var(--surface);
}
.passage-head { display: flex; align-items: flex-start; gap: .5em; }
.passage-head div { flex: 1; min-width: 0; }
.passage-title { margin: 0; font-weight: 700; font-size: .95rem; }
.passage-where { margin: 0; font-size: .85rem; color: var(--muted); }
.passage .iconbtn { min-width: 36px; min-height: 36px; margin: -.3em -.4em 0 0; }
.passage blockquote { margin: .6em 0; padding: 0; font-style: italic; white-space: pre-wrap; }
.passage details { margin: .4em 0; font-size: .9rem; }
.passage summary { cursor: pointer; color: var(--p); min-height: 24px; }
.passage details p { margin: .4em 0 0; white-space: pre-wrap; }
.extlink { display: inline-flex; align-items: center; gap: .3em; font-size: .9rem; }
.extlink .icon { width: 1em; height: 1em; }

.sources { margin: .8em 0 0; padding-top: .6em; border-top: 1px solid #d0d5dc; font-size: .88rem; }
.sources h3 { margin: 0 0 .3em; font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.sources ol { margin: 0; padding: 0; list-style: none; }
.sources li { display: flex; gap: .4em; margin: .25em 0; }
.sources .num { flex: none; font-weight: 700; color: var(--p); }
.sources .loc { color: var(--muted); }

.notfound, .reply { margin: 0 0 .6em; }
.suggestions { display: flex; flex-direction: column; gap: .5rem; margin: 0; padding: 0; list-style: none; }
.suggestion {
  width: 100%; text-align: left; padding: .6em .8em; border: 1px solid var(--p); border-radius: 8px;
  background: var(--bg); color: var(--fg); line-height: 1.35;
}
.suggestion:hover { background: var(--user); }
.suggestion strong { display: block; color: var(--p); font-size: .9rem; }
.suggestion span { display: block; font-size: .85rem; color: var(--muted); }

.actions { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem; margin-top: .5rem; }
.actions .iconbtn { min-width: 40px; min-height: 40px; color: var(--muted); font-size: .85rem; }
.actions .iconbtn[aria-pressed="true"] { color: var(--on-p); background: var(--p); border-color: var(--p); }
.thumbs { display: flex; gap: .25rem; }
.actions .status { font-size: .85rem; color: var(--muted); margin-left: .25rem; }
.actions .status:empty { display: none; }
.reason { display: flex; flex-wrap: wrap; align-items: flex-end; gap: .5rem; width: 100%; margin-top: .25rem; }
.reason label { width: 100%; font-size: .85rem; }
.reason input { flex: 1 1 10rem; min-width: 0; min-height: 40px; padding: .4em .6em; border: 1px solid var(--border); border-radius: 8px; background: var(--bg); }
.btn {
  display: inline-flex; align-items: center; gap: .4em; min-height: 40px; padding: .4em .9em;
  border: 1px solid var(--p); border-radius: 8px; background: var(--p); color: var(--on-p); font-weight: 600;
}
.btn.secondary { background: var(--bg); color: var(--p); font-size: .9rem; }

.error {
  padding: .75em .9em; border: 1px solid var(--err); border-left-width: 4px; border-radius: 4px;
  background: #fdf0ef; color: var(--fg);
}
.error p { margin: 0 0 .5em; }
.error .detail { font-size: .85rem; color: var(--muted); }

.composer { padding: .6rem 1rem .75rem; border-top: 1px solid var(--border); background: var(--bg); }
.composer label { display: block; font-size: .85rem; font-weight: 600; margin-bottom: .25rem; }
.row { display: flex; gap: .5rem; align-items: flex-end; }
.composer textarea {
  flex: 1; min-width: 0; min-height: 44px; max-height: 8em; padding: .55em .7em; resize: none;
  border: 1px solid var(--border); border-radius: 8px; background: var(--bg); line-height: 1.4;
}
.composer .btn { min-height: 44px; }
.composer .btn[aria-disabled="true"] { opacity: .6; cursor: progress; }
.fine { margin: .35rem 0 0; font-size: .75rem; color: var(--muted); }

@media (max-width: 480px) {
  .panel { inset: 0; width: 100%; height: 100%; max-height: 100dvh; border: 0; border-radius: 0; }
  .launcher .label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .launcher { padding: .7em; min-width: 56px; min-height: 56px; justify-content: center; }
  .launcher .icon { width: 1.6em; height: 1.6em; }
  .head .new .label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .q { max-width: 92%; }
}
@media (max-width: 360px) {
  .send .label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .send { min-width: 48px; justify-content: center; }
}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation: none !important; transition: none !important; scroll-behavior: auto !important; }
  .launcher:hover { transform: none; }
}
@media (forced-colors: active) {
  .launcher, .btn, .cite, .chip, .suggestion { border: 2px solid ButtonText; }
  .streaming .body::after { background: CanvasText; }
}
`;

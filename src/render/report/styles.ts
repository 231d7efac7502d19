/**
 * The report's one stylesheet: system fonts, light and dark by `prefers-color-scheme`, a print layout, and
 * no style attribute anywhere (the Content-Security-Policy allows this sheet by its hash only).
 */
export const REPORT_CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --accent: #0969da; --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --bar: #8c959f; --text: #0969da; --reason: #8250df;
  --image: #1a7f37; --gap: #d1242f; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23; --accent: #4493f8;
    --ok: #3fb950; --warn: #d29922; --bad: #f85149; --bar: #656c76; --text: #4493f8; --reason: #ab7df8; --image: #3fb950; --gap: #f85149; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem 1rem 3rem; background: var(--bg); color: var(--fg);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; overflow-wrap: anywhere; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; padding-top: 1rem; border-top: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .875em; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--panel); border: 1px solid var(--line); border-radius: 6px;
  padding: .6rem .75rem; margin: .25rem 0 .75rem; max-height: 32rem; overflow: auto; }
.muted { color: var(--muted); }
.sub { color: var(--muted); margin: 0 0 1rem; }
nav.toc ol { padding-left: 1.5rem; }
a { color: var(--accent); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; min-width: 0; }
.status-ok { color: var(--ok); font-weight: 600; }
.status-bad { color: var(--bad); font-weight: 600; }
.sev-error { color: var(--bad); font-weight: 600; }
.sev-warning { color: var(--warn); font-weight: 600; }
.sev-info { color: var(--muted); }
.answer { font-size: 1rem; background: var(--panel); border-left: 3px solid var(--text); }
.item { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; margin: .5rem 0; break-inside: avoid; }
.item h4 { margin: 0 0 .25rem; font-size: .95rem; }
.timeline svg { width: 100%; height: auto; display: block; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
.timeline .bar { fill: var(--bar); }
.timeline .axis { stroke: var(--line); }
.timeline text { fill: var(--muted); font: 11px system-ui, sans-serif; }
.timeline .m-first-text { stroke: var(--text); fill: var(--text); }
.timeline .m-first-reasoning { stroke: var(--reason); fill: var(--reason); }
.timeline .m-partial-image, .timeline .m-final-image { stroke: var(--image); fill: var(--image); }
.timeline .m-error { stroke: var(--bad); fill: var(--bad); }
.timeline .gap { fill: var(--gap); opacity: .18; }
.timeline .m-gap { stroke: var(--gap); fill: var(--gap); }
.marks { columns: 2 18rem; margin: .5rem 0; padding-left: 1.25rem; }
.strip { display: flex; flex-wrap: wrap; gap: .75rem; margin: .5rem 0 1rem; }
figure.image { margin: 0; width: 13rem; max-width: 100%; border: 1px solid var(--line); border-radius: 6px; padding: .4rem; break-inside: avoid; }
figure.image img { display: block; width: 100%; height: 12rem; object-fit: contain; image-rendering: pixelated; background: repeating-conic-gradient(#8883 0 25%, transparent 0 50%) 0 0 / 16px 16px; }
figure.image .placeholder { display: flex; align-items: center; justify-content: center; text-align: center; height: 12rem; padding: .5rem;
  border: 2px dashed var(--bad); color: var(--bad); border-radius: 4px; font-weight: 600; }
figure.image figcaption { font-size: .8rem; margin-top: .3rem; }
figure.invalid { border-color: var(--bad); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .25rem .5rem; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; white-space: nowrap; }
td.nowrap { white-space: nowrap; overflow-wrap: normal; }
footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; }
@media (max-width: 40rem) { body { padding: 1rem .6rem 2rem; } dl.facts { grid-template-columns: 1fr; } dl.facts dt { margin-top: .35rem; } figure.image { width: 100%; } }
@media print {
  :root { --bg: #fff; --fg: #000; --panel: #fff; --muted: #444; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  pre { max-height: none; overflow: visible; }
  nav.toc { break-after: page; }
  h2 { break-before: page; border-top: none; }
  section.response:first-of-type h2 { break-before: auto; }
  a { color: inherit; text-decoration: none; }
}
`;

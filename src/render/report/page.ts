import { createHash } from 'node:crypto';
import { familyNamed } from '../../families/index.js';
import type { InspectDiagnostic, InspectResponse } from '../inspect-data.js';
import { renderLatency } from '../latency-text.js';
import { anchor, el, join, raw, type Html } from './html.js';
import { renderImageStrip } from './images.js';
import { renderItem } from './items.js';
import type { ReportData, ReportResponse } from './report-data.js';
import { REPORT_CSS } from './styles.js';
import { renderTimeline } from './timeline-svg.js';

/** Diagnostics a page lists at most (the rest are counted; `respcat check` lists all). */
const DIAGNOSTICS_SHOWN = 500;

/**
 * The Content-Security-Policy of a report: nothing may be fetched or run (no script at all), the one
 * stylesheet is allowed by its hash, images only as `data:` URIs, or with `links` also as files beside it.
 */
export function reportPolicy(links: boolean): string {
  const hash = createHash('sha256').update(REPORT_CSS).digest('base64');
  return [`default-src 'none'`, `img-src data:${links ? ` 'self' file:` : ''}`, `style-src 'sha256-${hash}'`, `base-uri 'none'`, `form-action 'none'`].join('; ');
}

/** The whole report page (docs/spec.md §14): one self-contained HTML document, every capture string escaped. */
export function renderReportPage(data: ReportData, options: { readonly links: boolean }): string {
  const { inspect } = data;
  const several = inspect.responses.length > 1;
  const sections = inspect.responses.map((response, i) =>
    renderResponse(response, data.responses[i] ?? { timeline: null, imageSources: [] }, i, inspect.responses.length, data.measured),
  );
  const toc = several
    ? el(
        'nav',
        { class: 'toc', 'aria-label': 'Responses' },
        el('h2', {}, 'Responses'),
        el('ol', {}, ...inspect.responses.map((response, i) => el('li', {}, el('a', { href: `#${anchor('response', i + 1)}` }, titleOf(response, i, inspect.responses.length)), ` · ${response.status}`))),
      )
    : null;
  const body = join([
    el('header', {}, el('h1', {}, 'respcat report: ', el('code', {}, inspect.file)), el('p', { class: 'sub' }, inspect.framing.description, ` · ${inspect.events} events · ${inspect.responses.length} response${inspect.responses.length === 1 ? '' : 's'}`)),
    inspect.readError !== null ? el('p', { class: 'status-bad' }, `Read error: ${inspect.readError}`) : null,
    toc,
    ...sections,
    inspect.responses.length === 0 ? el('p', {}, 'No response was found in this capture.') : null,
    renderDiagnostics(inspect.diagnostics, inspect.omittedDiagnostics?.reduce((sum, o) => sum + o.count, 0) ?? 0),
    el('footer', {}, `Made by ${data.generator} from ${inspect.file}. Opens without a network: no script, ${options.links ? 'images linked to the files beside it' : 'images inline'}.`),
  ]);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${join([reportPolicy(options.links)])}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${join([`respcat report: ${inspect.file}`])}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    `<body>${body}</body>`,
    '</html>',
    '',
  ].join('\n');
}

function titleOf(response: InspectResponse, i: number, count: number): string {
  return `Response ${i + 1}${count > 1 ? ` of ${count}` : ''}: ${response.id ?? '(no id)'}`;
}

function renderResponse(response: InspectResponse, extra: ReportResponse, i: number, count: number, measured: boolean): Html {
  const status = response.finished ? response.status : `${response.status}, cut off (no terminal event)`;
  const u = response.usage;
  const facts: (Html | null)[] = [
    fact('family', familyNamed(response.family)?.label ?? response.family),
    fact('model', response.model ?? '(not given)'),
    el('dt', {}, 'status'),
    el('dd', { class: response.status === 'completed' && response.finished ? 'status-ok' : 'status-bad' }, status),
    response.error !== null ? fact('error', `${response.error.code !== null ? `${response.error.code}: ` : ''}${response.error.message}`) : null,
    response.incompleteReason !== null ? fact('reason', response.incompleteReason) : null,
    fact('usage', u === null ? 'not reported' : `${u.input_tokens} in (${u.cached_tokens} cached) · ${u.output_tokens} out (${u.reasoning_tokens} reasoning) · ${u.total_tokens} total`),
    fact('latency', response.timing !== null ? renderLatency(response.timing) : measured ? 'not measured' : 'no .timing sidecar beside the capture'),
    fact('events', `${response.events}, from ${response.line === 0 ? `byte ${response.byte ?? 0}` : `line ${response.line}`}`),
  ];
  const messages = response.items.filter((item) => item.type === 'message');
  const withChoices = response.items.some((item) => item.choice !== undefined);
  return el(
    'section',
    { class: 'response', id: anchor('response', i + 1) },
    el('h2', {}, titleOf(response, i, count)),
    el('dl', { class: 'facts' }, ...facts),
    el('h3', {}, 'Timeline'),
    extra.timeline !== null ? renderTimeline(extra.timeline) : el('p', { class: 'muted' }, 'No events.'),
    el('h3', {}, 'Text'),
    response.text !== '' ? el('pre', { class: 'answer' }, response.text) : el('p', { class: 'muted' }, messages.length > 0 ? 'The message has no text.' : 'No message text.'),
    response.items.length > 0 ? el('h3', {}, `Output items (${response.items.length})`) : null,
    ...response.items.map((item) => renderItem(item, !withChoices)),
    response.images.length > 0 ? el('h3', {}, `Images (${response.images.length})`) : null,
    response.images.length > 0 ? renderImageStrip(response.images, extra.imageSources) : null,
  );
}

function fact(name: string, value: string): Html {
  return raw(join([el('dt', {}, name), el('dd', {}, value)]));
}

function renderDiagnostics(diagnostics: readonly InspectDiagnostic[], omitted: number): Html {
  const shown = diagnostics.slice(0, DIAGNOSTICS_SHOWN);
  const notShown = diagnostics.length - shown.length + omitted;
  return el(
    'section',
    { class: 'diagnostics', id: 'diagnostics' },
    el('h2', {}, `Diagnostics (${diagnostics.length + omitted})`),
    shown.length === 0
      ? el('p', {}, 'None.')
      : el(
          'div',
          { class: 'table-wrap' },
          el(
            'table',
            {},
            el('thead', {}, el('tr', {}, el('th', {}, 'line'), el('th', {}, 'severity'), el('th', {}, 'code'), el('th', {}, 'message'))),
            el('tbody', {}, ...shown.map((d) => el('tr', { class: `diag-${d.severity}` }, el('td', { class: 'mono nowrap' }, d.line === 0 ? `byte ${d.byte ?? 0}` : String(d.line)), el('td', { class: `sev-${d.severity} nowrap` }, d.severity), el('td', { class: 'nowrap' }, el('code', {}, d.code)), el('td', {}, d.message)))),
          ),
        ),
    notShown > 0 ? el('p', { class: 'muted' }, `${notShown} more not listed here: respcat check lists every finding.`) : null,
  );
}

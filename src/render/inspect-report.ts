import type { ChalkInstance } from 'chalk';
import { KEPT_PER_CODE, quote, type OmittedDiagnostics } from '../core/diagnostics.js';
import { wire } from '../core/wire.js';
import { FAMILIES, familyNamed } from '../families/index.js';
import type { InspectDiagnostic, InspectImage, InspectItem, InspectReport, InspectResponse } from './inspect-data.js';
import { renderLatency } from './latency-text.js';
import { describeTiming, formatBytes } from './summary-line.js';
import { escapeControls, escapeJson, escapeLine } from './terminal-safe.js';

/** Per diagnostic code, how many the text report lists before it only counts the rest (JSON lists all). */
const DIAGNOSTICS_PER_CODE = 10;
/** How much of a text value the text report quotes. */
const SNIPPET = 60;

const { str } = wire;

/** The `--json` output: one object for one input, an array for several (docs/spec.md §4); ends with a newline. */
export function renderInspectJson(reports: readonly InspectReport[], several: boolean): string {
  return `${escapeJson(JSON.stringify(several ? reports : reports[0], null, 2))}\n`;
}

/** The readable report of one input (docs/spec.md §4): framing, event counts, responses with items and images, diagnostics. */
export function renderInspectText(report: InspectReport, style: ChalkInstance): string {
  const lines: string[] = [style.bold(safe(report.file))];
  const field = (name: string, value: string, indent = '  '): void => {
    lines.push(`${indent}${style.dim(name.padEnd(12))} ${value}`);
  };
  field('framing', safe(report.framing.description));
  if (report.readError !== null) field('read error', style.red(safe(report.readError)));

  const types = Object.entries(report.eventTypes);
  field('events', types.length > 0 ? `${report.events} (${types.length} type${types.length === 1 ? '' : 's'})` : String(report.events));
  const width = Math.max(0, ...types.map(([, n]) => String(n).length));
  for (const [type, n] of types) lines.push(`    ${String(n).padStart(width)}  ${safe(type)}`);

  // A capture that mixes families names the family of every response, the Responses API's too.
  const mixed = new Set(report.responses.map((response) => response.family)).size > 1;
  report.responses.forEach((response, index) => {
    lines.push(...renderResponse(response, index, report.responses.length, mixed, style));
  });
  // Events that built nothing say so: a capture of another provider's API is not an empty report.
  if (report.responses.length === 0 && (report.events > 0 || report.diagnostics.some((d) => d.code === 'unsupported-stream'))) {
    lines.push(`  ${style.bold('0 responses')}`);
  }

  const omitted = report.omittedDiagnostics ?? [];
  const total = report.diagnostics.length + omitted.reduce((sum, o) => sum + o.count, 0);
  field('diagnostics', total === 0 ? 'none' : String(total));
  lines.push(...renderDiagnostics(report.diagnostics, omitted, style));
  return `${lines.join('\n')}\n`;
}

function renderResponse(response: InspectResponse, index: number, count: number, mixed: boolean, style: ChalkInstance): string[] {
  const lines: string[] = [];
  const field = (name: string, value: string): void => {
    lines.push(`    ${style.dim(name.padEnd(10))} ${value}`);
  };
  // The first family of the registry (the Responses API) goes unnamed unless the capture mixes families.
  const family = response.family === FAMILIES[0]?.name && !mixed ? '' : ` (${familyNamed(response.family)?.label ?? safe(response.family)})`;
  lines.push(`  ${style.bold(`response ${index + 1} of ${count}`)}${family}: ${safe(response.id ?? '(no id)')} ${style.dim(response.line === 0 ? `byte ${response.byte ?? 0}` : `line ${response.line}`)}`);
  field('model', safe(response.model ?? '(not given)'));
  field('status', renderStatus(response, style));
  if (response.error !== null) field('error', safe(`${response.error.code !== null ? `${response.error.code}: ` : ''}${response.error.message}`));
  if (response.incompleteReason !== null) field('reason', safe(response.incompleteReason));
  const u = response.usage;
  field(
    'usage',
    u === null
      ? style.dim('not reported')
      : `${u.input_tokens} in (${u.cached_tokens} cached) · ${u.output_tokens} out (${u.reasoning_tokens} reasoning) · ${u.total_tokens} total`,
  );
  if (response.timing !== null) field('latency', renderLatency(response.timing));
  if (response.serverTiming !== undefined) field('server', describeTiming(response.serverTiming, response.usage));
  if (response.text !== '') field('text', `${response.text.length} chars ${snippet(response.text)}`);
  field('items', String(response.items.length));
  const width = Math.max(0, ...response.items.map((item) => String(item.outputIndex ?? item.choice ?? '-').length));
  for (const item of response.items) {
    const place = String(item.outputIndex ?? (item.choice !== undefined ? `c${item.choice}` : '-')).padStart(width);
    const status = item.status !== null ? renderItemStatus(item.status, style) : style.dim('no status');
    lines.push(`      ${place}  ${style.bold(safe(item.type))}  ${status}  ${style.dim(safe(item.id ?? '(no id)'))}`);
    const details = itemDetails(item);
    if (details.length > 0) lines.push(`      ${' '.repeat(width)}  ${details.join(' · ')}`);
  }
  if (response.images.length > 0) {
    field('images', String(response.images.length));
    const cells = response.images.map((image) => imageCells(image));
    const widths = [0, 1, 2].map((i) => Math.max(...cells.map((c) => (c[i] ?? '').length)));
    const severalItems = new Set(response.images.map((image) => image.itemId)).size > 1;
    response.images.forEach((image, i) => {
      const [what = '', format = '', bytes = ''] = cells[i] ?? [];
      const row = `${what.padEnd(widths[0] ?? 0)}  ${format.padEnd(widths[1] ?? 0)}  ${bytes.padStart(widths[2] ?? 0)}`;
      lines.push(`      ${row}  ${renderVerdict(image, severalItems, style)}`);
    });
  }
  return lines;
}

function renderStatus(response: InspectResponse, style: ChalkInstance): string {
  if (!response.finished) return style.red(`${safe(response.status)}, cut off (no terminal event)`);
  if (response.status === 'completed') return style.green(response.status);
  return style.red(safe(response.status));
}

function renderItemStatus(status: string, style: ChalkInstance): string {
  if (status === 'completed') return style.green(status);
  if (status === 'failed' || status === 'incomplete') return style.red(status);
  return style.yellow(safe(status));
}

/** The facts of an item kind in a line: name and arguments, text, queries, code, images, sizes. */
export function itemDetails(item: InspectItem): string[] {
  const parts: string[] = [];
  const name = item.name !== undefined ? `${item.serverLabel !== undefined ? `${item.serverLabel}/` : ''}${item.name}` : item.serverLabel;
  if (name !== undefined) parts.push(safe(name));
  if (item.arguments !== undefined) parts.push(`arguments ${inline(item.arguments)}`);
  if (item.input !== undefined) parts.push(`input ${item.input.length} chars ${snippet(item.input)}`);
  if (item.text !== undefined) parts.push(item.text === '' ? 'no text' : `text ${item.text.length} chars ${snippet(item.text)}`);
  if (item.finishReason !== undefined) parts.push(`finish_reason ${safe(item.finishReason)}`);
  if (item.refusal !== undefined) parts.push(`refusal ${snippet(item.refusal)}`);
  if (item.annotations !== undefined) {
    const kinds = [...new Set(item.annotations.map((a) => str(a.type) ?? 'annotation'))];
    parts.push(`${count(item.annotations.length, 'annotation')} (${safe(kinds.join(', '))})`);
  }
  if (item.summary !== undefined) {
    const chars = item.summary.reduce((n, s) => n + s.length, 0);
    parts.push(item.summary.length === 0 ? 'no summary' : `summary ${count(item.summary.length, 'part')}, ${chars} chars ${snippet(item.summary.join('\n\n'))}`);
  }
  if (item.reasoningText !== undefined) parts.push(`reasoning text ${item.reasoningText.length} chars ${snippet(item.reasoningText)}`);
  if (item.encryptedContentLength !== undefined) parts.push(`encrypted content ${item.encryptedContentLength} chars`);
  if (item.action !== undefined) parts.push(describeAction(item));
  if (item.sources !== undefined) parts.push(count(item.sources, 'source'));
  if (item.queries !== undefined) parts.push(item.queries.length === 0 ? 'no queries' : `${item.queries.length === 1 ? 'query' : 'queries'} ${item.queries.map((q) => snippet(q)).join(', ')}`);
  if (item.results !== undefined) parts.push(count(item.results, 'result'));
  if (item.code !== undefined) parts.push(`code ${count(lineCount(item.code), 'line')} ${snippet(item.code)}`);
  if (item.outputs !== undefined) parts.push(count(item.outputs, 'output'));
  if (item.tools !== undefined) parts.push(`${count(item.tools.length, 'tool')}${item.tools.length > 0 ? `: ${safe(cut(item.tools.join(', ')))}` : ''}`);
  if (item.commands !== undefined) parts.push(item.commands.length === 0 ? 'no commands' : `${item.commands.length === 1 ? 'command' : 'commands'} ${item.commands.map((c) => snippet(c)).join(', ')}`);
  if (item.operation !== undefined) parts.push(safe([str(item.operation.type), str(item.operation.path)].filter((p) => p !== null).join(' ')));
  if (item.diff !== undefined) parts.push(`diff ${count(lineCount(item.diff), 'line')}`);
  if (item.output !== undefined) parts.push(`output ${item.output.length} chars ${snippet(item.output)}`);
  if (item.error !== undefined) parts.push(`error ${snippet(item.error)}`);
  if (item.partialImages !== undefined) {
    parts.push(`${count(item.partialImages, 'partial image')}, ${item.finalImage === true ? 'final image' : 'no final image'}`);
  }
  if (item.size !== undefined || item.outputFormat !== undefined) parts.push(`declared ${safe([item.size, item.outputFormat].filter((p) => p !== undefined).join(' '))}`);
  if (item.revisedPrompt !== undefined) parts.push(`revised prompt ${snippet(item.revisedPrompt)}`);
  if (item.transcript !== undefined) parts.push(`transcript ${snippet(item.transcript)}`);
  if (item.audioChunks !== undefined) parts.push(`${count(item.audioChunks, 'audio chunk')}, ${formatBytes(item.audioBytes ?? 0)}`);
  if (item.mediaType !== undefined) parts.push(safe(item.mediaType));
  if (item.url !== undefined) parts.push(safe(cut(item.url)));
  if (item.data !== undefined) parts.push(`data ${inline(item.data)}`);
  if (item.callId !== undefined) parts.push(`call ${safe(item.callId)}`);
  if (item.ended === 'terminal-response') parts.push('ended only in the terminal response');
  if (item.otherItemIds !== undefined) parts.push(`${count(item.otherItemIds, 'event')} named it by another item_id`);
  return parts;
}

function describeAction(item: InspectItem): string {
  const action = item.action ?? {};
  const type = str(action.type) ?? 'action';
  const url = str(action.url);
  if (item.type !== 'web_search_call') return safe(type);
  if (type === 'open_page') return `open_page ${safe(url ?? '(no url)')}`;
  if (type === 'find_in_page' || type === 'find') return `${type} ${snippet(str(action.pattern) ?? '')} in ${safe(url ?? '(no url)')}`;
  const queries = Array.isArray(action.queries) ? action.queries.filter((q): q is string => typeof q === 'string') : [];
  const query = str(action.query);
  const all = queries.length > 0 ? queries : query !== null ? [query] : [];
  return `${safe(type)} ${all.map((q) => snippet(q)).join(', ')}`.trim();
}

function imageCells(image: InspectImage): [string, string, string] {
  const what = image.kind === 'partial' ? `partial ${image.index ?? 0}` : 'final';
  const size = image.width !== null && image.height !== null ? ` ${image.width}×${image.height}` : '';
  return [what, `${image.format !== null ? image.format.toUpperCase() : 'unknown format'}${size}`, formatBytes(image.bytes)];
}

function renderVerdict(image: InspectImage, withItem: boolean, style: ChalkInstance): string {
  const verdict = image.valid ? style.green('valid') : style.red(`invalid: ${safe(image.problem ?? 'not a valid image')}`);
  const declared = [image.declaredSize, image.declaredFormat].filter((p) => p !== null).join(' ');
  const notes = [
    withItem ? safe(image.itemId) : null,
    `line ${image.line}`,
    image.from === 'terminal-response' ? 'from the terminal response' : image.from === 'output_item.done' ? 'from output_item.done' : null,
    declared !== '' ? `declared ${safe(declared)}` : null,
  ].filter((n): n is string => n !== null);
  return `${verdict}  ${style.dim(`(${notes.join(', ')})`)}`;
}

function renderDiagnostics(diagnostics: readonly InspectDiagnostic[], omitted: readonly OmittedDiagnostics[], style: ChalkInstance): string[] {
  const lines: string[] = [];
  const shown = new Map<string, number>();
  for (const d of diagnostics) {
    const n = (shown.get(d.code) ?? 0) + 1;
    shown.set(d.code, n);
    if (n > DIAGNOSTICS_PER_CODE) continue;
    const severity = d.severity === 'error' ? style.red('error') : d.severity === 'warning' ? style.yellow('warning') : style.blue('info');
    lines.push(`    ${style.bold(d.line === 0 ? `byte ${d.byte ?? 0}` : `line ${d.line}`)}: ${severity}: ${safe(d.message)} ${style.dim(`[${d.code}]`)}`);
  }
  for (const [code, n] of shown) {
    const beyondKept = omitted.find((o) => o.code === code)?.count ?? 0;
    const where = beyondKept > 0 ? `--json lists the first ${KEPT_PER_CODE}` : '--json lists all';
    if (n > DIAGNOSTICS_PER_CODE) lines.push(`    ${style.dim(`… ${n - DIAGNOSTICS_PER_CODE + beyondKept} more ${code} (${where})`)}`);
  }
  return lines;
}

/** A value from the stream, quoted and cut; control characters escaped so a report cannot drive the terminal. */
function snippet(text: string): string {
  return escapeControls(quote(text, SNIPPET));
}

/** A one-line value (JSON arguments, usually) as it is, cut; quoted like `snippet` when it spans lines or holds controls. */
function inline(text: string): string {
  if (text === '') return '(empty)';
  return /^[^\x00-\x1f\x7f]*$/.test(text) ? escapeControls(cut(text)) : snippet(text);
}

/** A one-line value from the stream: controls escaped, and no newline of its own to start a report line. */
function safe(text: string): string {
  return escapeLine(text);
}

function cut(text: string): string {
  return text.length > SNIPPET ? `${text.slice(0, SNIPPET)}…` : text;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

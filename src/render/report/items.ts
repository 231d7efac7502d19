import type { JsonObject } from '../../core/wire.js';
import type { InspectItem } from '../inspect-data.js';
import { el, type Html } from './html.js';

/** Facts every item card shows in its title line, not in its list. */
const TITLE_FACTS = new Set(['id', 'type', 'status', 'outputIndex', 'ended', 'otherItemIds']);
/** Facts shown as blocks of text (code, arguments, output …), whatever their length. */
const BLOCK_FACTS = new Set(['arguments', 'input', 'code', 'output', 'diff', 'text', 'refusal', 'reasoningText', 'transcript', 'revisedPrompt', 'error']);

/**
 * One output item as a card: its type, status and id, then every fact its family's describer gave (names,
 * arguments, reasoning, queries, sources …), generically, so a new family's items show without changes here.
 * `skipText`: the answer text is already shown above.
 */
export function renderItem(item: InspectItem, skipText: boolean): Html {
  const facts: Html[] = [];
  for (const [name, value] of Object.entries(item)) {
    if (TITLE_FACTS.has(name) || value === undefined || value === null) continue;
    if (skipText && name === 'text') continue;
    if (name === 'annotations' && Array.isArray(value)) {
      facts.push(el('dt', {}, 'sources'), el('dd', {}, renderAnnotations(value as readonly JsonObject[])));
      continue;
    }
    facts.push(el('dt', {}, words(name)), el('dd', {}, renderValue(name, value)));
  }
  const place = item.outputIndex !== null ? `#${item.outputIndex} ` : '';
  return el(
    'div',
    { class: 'item' },
    el('h4', {}, `${place}${item.type}`, el('span', { class: 'muted' }, ` · ${item.status ?? 'no status'}${item.id !== null ? ` · ${item.id}` : ''}${item.ended !== null ? ` · ended by ${item.ended}` : ''}`)),
    facts.length > 0 ? el('dl', { class: 'facts' }, ...facts) : null,
  );
}

function renderValue(name: string, value: unknown): Html | string {
  if (value === '') return el('span', { class: 'muted' }, '(empty)');
  if (typeof value === 'string') return BLOCK_FACTS.has(name) || value.length > 80 || value.includes('\n') ? el('pre', {}, value) : el('code', {}, value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) {
    return value.length === 0 ? 'none' : el('ol', {}, ...value.map((entry: string) => el('li', {}, entry.includes('\n') || entry.length > 80 ? el('pre', {}, entry) : entry)));
  }
  return el('pre', {}, JSON.stringify(value, null, 2));
}

/** Citations and other annotations: title, URL or file as text (a link only for http and https URLs). */
function renderAnnotations(annotations: readonly JsonObject[]): Html {
  return el(
    'ol',
    {},
    ...annotations.map((annotation) => {
      const field = (key: string): string | null => (typeof annotation[key] === 'string' ? (annotation[key] as string) : null);
      const url = field('url');
      const label = field('title') ?? field('filename') ?? field('file_id') ?? url ?? field('type') ?? 'annotation';
      const link = url !== null && /^https?:\/\//i.test(url) ? el('a', { href: url, rel: 'noreferrer noopener' }, url) : url;
      return el('li', {}, label, link !== null && label !== url ? ' · ' : '', label !== url ? link : null, el('span', { class: 'muted' }, ` (${field('type') ?? 'annotation'})`));
    }),
  );
}

/** `finishReason` → `finish reason`. */
function words(name: string): string {
  return name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}

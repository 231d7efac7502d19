import { formatBytes } from '../summary-line.js';
import type { InspectImage } from '../inspect-data.js';
import { el, type Html } from './html.js';

/**
 * A response's image strip: per item, its partials in order and then its final image, each with format,
 * size, bytes and validity; an invalid one (or one with no source) is a labelled placeholder saying why.
 */
export function renderImageStrip(images: readonly InspectImage[], sources: readonly (string | null)[]): Html {
  const byItem = new Map<string, { image: InspectImage; src: string | null }[]>();
  images.forEach((image, i) => {
    const list = byItem.get(image.itemId) ?? [];
    list.push({ image, src: sources[i] ?? null });
    byItem.set(image.itemId, list);
  });
  const strips: Html[] = [];
  for (const [itemId, list] of byItem) {
    const ordered = [...list].sort((a, b) => rank(a.image) - rank(b.image));
    strips.push(el('h4', {}, 'images of ', el('code', {}, itemId)), el('div', { class: 'strip' }, ...ordered.map(({ image, src }) => renderFigure(image, src))));
  }
  return el('div', { class: 'images' }, ...strips);
}

function rank(image: InspectImage): number {
  return image.kind === 'final' ? Number.MAX_SAFE_INTEGER : (image.index ?? 0);
}

function renderFigure(image: InspectImage, src: string | null): Html {
  const name = image.kind === 'final' ? 'final image' : `partial ${image.index ?? '?'}`;
  const format = image.format !== null ? image.format.toUpperCase() : 'unknown format';
  const size = image.width !== null && image.height !== null ? `${image.width}×${image.height}` : 'size unknown';
  const declared = [image.declaredSize, image.declaredFormat].filter((v) => v !== null).join(' ');
  const shown = image.valid && src !== null;
  const why = image.valid ? 'not written (no file to link to)' : (image.problem ?? 'not a valid image');
  return el(
    'figure',
    { class: `image ${image.valid ? 'valid' : 'invalid'}`, 'data-kind': image.kind, 'data-index': image.index ?? 'final' },
    shown ? el('img', { src, alt: `${name}: ${format} ${size}`, width: image.width, height: image.height, decoding: 'sync' }) : el('div', { class: 'placeholder', role: 'img', 'aria-label': `${name} not shown: ${why}` }, `${image.valid ? 'not shown' : 'invalid'}: ${why}`),
    el(
      'figcaption',
      {},
      el('strong', {}, name),
      ` · ${format} ${size} · ${formatBytes(image.bytes)} · `,
      el('span', { class: image.valid ? 'status-ok' : 'status-bad' }, image.valid ? 'valid' : 'invalid'),
      el('br', {}),
      el('span', { class: 'muted' }, `line ${image.line} · from ${image.from}${declared !== '' ? ` · declared ${declared}` : ''}`),
    ),
  );
}

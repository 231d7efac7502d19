import type { StreamFamily } from '../family.js';
import { familiesByName, type Rule } from './rule.js';

/**
 * `missing-final-image`: an image item ends with no image anywhere (which items are image items, and how to
 * say what is missing, its family knows: a Responses `image_generation_call` with no `result`, an Images API
 * stream whose `.completed` has no `b64_json`).
 */
export function createFinalImageRule(families: readonly StreamFamily[]): Rule {
  const byName = familiesByName(families);
  return {
    codes: ['missing-final-image'],
    onUpdate(update, report) {
      if (update.kind !== 'response-end') return;
      const { response } = update;
      const family = byName.get(response.family);
      for (const item of response.items.values()) {
        if (item.hasFinalImage) continue;
        // A cut-off or failed response is reported as such; an image is only "missing" from a finished item.
        const finished = item.donePosition !== null || response.status === 'completed';
        if (!finished) continue;
        const message = family?.describeMissingImage?.(response, item) ?? null;
        if (message !== null) report('missing-final-image', message, item.donePosition ?? response.terminal?.position ?? item.position);
      }
    },
  };
}

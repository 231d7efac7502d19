import type { Rule } from './rule.js';

/**
 * `missing-final-image`: an image item ends with no image anywhere: a Responses `image_generation_call` with no
 * `result` in `output_item.done` or the terminal response, or an Images API stream whose `.completed` has no `b64_json`.
 */
export function createFinalImageRule(): Rule {
  return {
    codes: ['missing-final-image'],
    onUpdate(update, report) {
      if (update.kind !== 'response-end') return;
      const { response } = update;
      for (const item of response.items.values()) {
        const imageItem = response.family === 'images' ? item.type === 'image' : item.type === 'image_generation_call';
        if (!imageItem || item.hasFinalImage) continue;
        // A cut-off or failed response is reported as such; an image is only "missing" from a finished item.
        const finished = item.donePosition !== null || response.status === 'completed';
        if (!finished) continue;
        const position = item.donePosition ?? response.terminal?.position ?? item.position;
        const message =
          response.family === 'images'
            ? `Image stream ${item.id ?? response.index + 1} completed with no b64_json`
            : `Image item ${item.id ?? item.outputIndex} ended with no result in output_item.done or the terminal response`;
        report('missing-final-image', message, position);
      }
    },
  };
}

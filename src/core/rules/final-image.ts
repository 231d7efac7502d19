import type { Rule } from './rule.js';

/** `missing-final-image`: an image generation item ends with no `result` anywhere. */
export function createFinalImageRule(): Rule {
  return {
    codes: ['missing-final-image'],
    onUpdate(update, report) {
      if (update.kind !== 'response-end') return;
      const { response } = update;
      for (const item of response.items.values()) {
        if (item.type !== 'image_generation_call' || item.hasFinalImage) continue;
        // A cut-off or failed response is reported as such; an image is only "missing" from a finished item.
        const finished = item.donePosition !== null || response.status === 'completed';
        if (!finished) continue;
        const position = item.donePosition ?? response.terminal?.position ?? item.position;
        report('missing-final-image', `Image item ${item.id ?? item.outputIndex} ended with no result in output_item.done or the terminal response`, position);
      }
    },
  };
}

/** Items of a response in output order. */
export function itemsInOrder(response) {
    return [...response.items.values()].sort((a, b) => a.outputIndex - b.outputIndex);
}
/** The concatenated message text of a response (all message items, all output_text parts, in order). */
export function messageText(response) {
    let text = '';
    for (const item of itemsInOrder(response)) {
        if (item.type !== 'message')
            continue;
        const parts = [...item.streams.values()].filter((s) => s.kind === 'output_text').sort((a, b) => a.index - b.index);
        for (const part of parts)
            text += part.deltas > 0 ? part.text : (part.final ?? '');
    }
    return text;
}
/** The value of one of an item's text streams (deltas joined, or the `.done` value when no delta came). */
export function streamValue(item, kind) {
    const streams = [...item.streams.values()].filter((s) => s.kind === kind).sort((a, b) => a.index - b.index);
    if (streams.length === 0)
        return null;
    return streams.map((s) => (s.deltas > 0 ? s.text : (s.final ?? ''))).join('');
}

/**
 * A huge JSON string value left in the bytes it arrived in. A partial image on one line of 100 MB is 100 MB of
 * base64: made into one string, it costs a joined copy of the line and the string itself on top of the chunks
 * it came in. lazy-json leaves such a value as its pieces (sub-views of those chunks) when a family names its key
 * in `byteKeys`, and the image processor decodes the base64 piece by piece.
 */

/** A JSON string value of printable ASCII with no escapes, as the views of the chunks it sat in: character i is byte i. */
export class ByteString {
  constructor(
    /** Its bytes, in order; views of the input's chunks, which must stay untouched while it is alive. */
    readonly pieces: readonly Uint8Array[],
    /** Its length in characters (= bytes). */
    readonly length: number,
  ) {}

  /** The whole text, for a reader that needs the string after all (one string of `length` characters). */
  toString(): string {
    const decoder = new TextDecoder('utf-8');
    let text = '';
    for (const piece of this.pieces) text += decoder.decode(piece, { stream: true });
    return text + decoder.decode();
  }

  /** JSON.stringify writes it as the string it stands for. */
  toJSON(): string {
    return this.toString();
  }
}

/** A JSON string, or one left as its bytes (a value under a family's `byteKeys`). */
export type Text = string | ByteString;

/** Whether `value` is a JSON string or a {@link ByteString}. */
export function isText(value: unknown): value is Text {
  return typeof value === 'string' || value instanceof ByteString;
}

/** The string a {@link Text} stands for (builds it when it is a ByteString). */
export function textOf(text: Text): string {
  return typeof text === 'string' ? text : text.toString();
}

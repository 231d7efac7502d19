import { noisyPng } from './captures.js';

/** One Responses partial image event as JSON text, its base64 given as it is to stand between the quotes. */
export function partialImageJson(b64: string, extra = ''): string {
  return (
    '{"type":"response.image_generation_call.partial_image","sequence_number":1,"output_index":0,"item_id":"ig_1",' +
    `"partial_image_index":0,"partial_image_b64":"${b64}"${extra},"size":"16x16","output_format":"png"}`
  );
}

/** The base64 texts a partial image line may carry: strict, strict but written with a JSON escape, and damaged. */
export function imageTexts(b64 = noisyPng(16, 16, 5)): { readonly name: string; readonly text: string }[] {
  const slash = b64.indexOf('/');
  const mid = Math.floor(b64.length / 2);
  return [
    { name: 'strict base64', text: b64 },
    // JSON's `\/` is `/`: the same image, but the string is no plain one.
    { name: 'strict base64 with an escaped "/"', text: `${b64.slice(0, slash)}\\/${b64.slice(slash + 1)}` },
    { name: 'a stray "!"', text: `${b64.slice(0, mid)}!${b64.slice(mid)}` },
    { name: 'a space inside', text: `${b64.slice(0, mid)} ${b64.slice(mid)}` },
    { name: 'url-safe "-"', text: `${b64.slice(0, mid)}-${b64.slice(mid)}` },
    { name: '"=" in the middle', text: `${b64.slice(0, mid)}=${b64.slice(mid)}` },
    { name: 'cut short (a digit over a group)', text: b64.replace(/=+$/, '').slice(0, -2) + 'A' },
  ];
}

/** Inputs holding one partial image line in each of the framings a long payload line can come in. */
export function imageLineInputs(b64: string): { readonly name: string; readonly input: string }[] {
  const created = 'data: {"type":"response.created","response":{"id":"resp_1","status":"in_progress","output":[]}}\n\n';
  return [
    { name: 'a data: line after another event', input: `${created}data: ${partialImageJson(b64)}\n\n` },
    { name: 'a data: line after an event: line', input: `${created}event: response.image_generation_call.partial_image\ndata: ${partialImageJson(b64)}\n\n` },
    { name: 'a bare JSON line, CRLF', input: `${created}${partialImageJson(b64)}\r\n` },
    { name: 'the first line, after a BOM', input: `\uFEFFdata: ${partialImageJson(b64)}\n\ndata: {"type":"response.completed","response":{"id":"resp_1","status":"completed","output":[]}}\n\n` },
    { name: 'the last line, unterminated', input: `${created}data: ${partialImageJson(b64)}` },
    { name: 'twice, and a copy nested deeper', input: `${created}data: ${partialImageJson(b64, `,"extra":{"partial_image_b64":"${b64}"}`)}\n\ndata: ${partialImageJson(b64)}\n\n` },
    { name: 'the key twice in one event', input: `${created}data: ${partialImageJson(b64, `,"partial_image_b64":"${b64.slice(0, 200)}"`)}\n\n` },
  ];
}

/** Cuts of `bytes`: inside the base64, at each backslash and next to each quote, and seeded random ones. */
export function cutsOf(bytes: Uint8Array, random: () => number, runs: number): number[][] {
  const at = (byte: number): number[] => bytes.reduce<number[]>((found, b, i) => (b === byte ? [...found, i, i + 1] : found), []);
  const out: number[][] = [at(0x5c), at(0x22), Array.from({ length: Math.floor(bytes.length / 97) }, (_, i) => (i + 1) * 97)];
  for (let run = 0; run < runs; run++) out.push(Array.from({ length: 1 + Math.floor(random() * 10) }, () => Math.floor(random() * bytes.length)));
  return out;
}

import type { Update } from '../builder.js';
import type { DiagnosticCode, Position } from '../diagnostics.js';
import type { FamilyEvent, StreamFamily } from '../family.js';
import type { ResponseState } from '../model.js';
import type { JsonObject } from '../wire.js';

/** One decoded event as rules see it: its family (null when none claimed it) and the response it went to. */
export interface EventRecord {
  readonly family: StreamFamily | null;
  readonly event: FamilyEvent;
  readonly json: JsonObject;
  readonly rawType: string;
  readonly position: Position;
  readonly response: ResponseState | null;
  /**
   * The payload's JSON text, when it was parsed whole (null: read by the large-payload path): rules may
   * test it once instead of walking every string of `json`.
   */
  readonly text: string | null;
}

/** JSON objects no family claimed: where the first sat and what they looked like (a few `type` values). */
export interface ForeignPayloads {
  readonly first: Position;
  readonly count: number;
  /** The first few distinct `type` values, in order of appearance. */
  readonly types: readonly string[];
  /** Whether there were more distinct types than those kept. */
  readonly moreTypes: boolean;
  /** Objects with no string `type` at all. */
  readonly untyped: number;
}

/** What rules know once the input has ended. */
export interface EndOfInput {
  readonly responses: readonly ResponseState[];
  /** Events decoded (valid JSON with a type). */
  readonly events: number;
  /** Events some family claimed. */
  readonly familyEvents: number;
  /** JSON objects no family claimed; null when there were none. */
  readonly foreign: ForeignPayloads | null;
  /** The input's last line (where `missing-terminal-event` points). */
  readonly lastLine: Position;
  /** The input ended in the middle of a line. */
  readonly cutMidLine: boolean;
  /** An HTTP error body was reported (then an empty stream is not news). */
  readonly httpError: boolean;
}

/** Where a rule reports its findings. */
export type Report = (code: DiagnosticCode, message: string, position: Position) => void;

/** A check over the stream: it observes events and builder updates and reports diagnostics. */
export interface Rule {
  readonly codes: readonly DiagnosticCode[];
  onEvent?(record: EventRecord, report: Report): void;
  onUpdate?(update: Update, report: Report): void;
  onEnd?(end: EndOfInput, report: Report): void;
}

/** The families by name, for rules that ask a response's family how to word a finding. */
export function familiesByName(families: readonly StreamFamily[]): ReadonlyMap<string, StreamFamily> {
  // Made once per list: every input of a `check` of many files creates its rules anew.
  let byName = byNameOf.get(families);
  if (byName === undefined) byNameOf.set(families, (byName = new Map(families.map((family) => [family.name, family]))));
  return byName;
}

const byNameOf = new WeakMap<readonly StreamFamily[], ReadonlyMap<string, StreamFamily>>();

import type { Timeline } from '../../core/timeline.js';
import type { InspectReport } from '../inspect-data.js';

/** Everything the HTML report of one capture shows (docs/spec.md §14): the inspect report plus what only a page can. */
export interface ReportData {
  readonly inspect: InspectReport;
  /** Whether times are measured (a `.timing` sidecar) or timelines run by event order. */
  readonly measured: boolean;
  /** Per response of `inspect.responses`, in order. */
  readonly responses: readonly ReportResponse[];
  /** `respcat <version>`, for the footer. */
  readonly generator: string;
}

/** What a response's section adds to its inspect description. */
export interface ReportResponse {
  readonly timeline: Timeline | null;
  /** Per image of the response's `images`, in order: a `data:` URI or a relative link, null when not shown (invalid). */
  readonly imageSources: readonly (string | null)[];
}

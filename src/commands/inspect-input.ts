import { buildInspectReport, type InspectReport } from '../render/inspect-data.js';
import type { InputLatency } from './latency.js';
import type { RunInputResult } from './run-input.js';

/** What inspect reports of one input read by runInput (inspect's text and JSON, the report page's data). */
export function inspectReportOf(result: RunInputResult, readError: string | null, latency: InputLatency): InspectReport {
  const { processor } = result;
  return buildInspectReport({
    file: result.name,
    stats: processor.stats,
    events: processor.eventCount,
    eventTypes: processor.eventTypes,
    responses: processor.responses,
    diagnostics: result.diagnostics,
    omitted: result.omitted,
    images: result.images,
    readError,
    timing: (response) => latency.recorder.figures(response),
  });
}

/** The report formats of `respcat check` (docs/spec.md §5). */
export const CHECK_FORMATS = ['text', 'json', 'junit', 'github'] as const;

/** One report format of `respcat check`. */
export type CheckFormat = (typeof CHECK_FORMATS)[number];

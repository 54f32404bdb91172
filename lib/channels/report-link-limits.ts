/** Lifetime of report links, in days; client-safe, unlike report-links.ts. */
export const DEFAULT_REPORT_LINK_DAYS = 30;
export const MAX_REPORT_LINK_DAYS = 365;

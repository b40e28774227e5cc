/** One institution of a cohort and its role in the study. */
export interface SiteRole {
  id: string;
  role: 'development' | 'external';
  patients: number;
}

/**
 * The study design of the paper this toolkit reproduces: 121 patients from four hospitals, two used for
 * development and two for external testing. Per-site counts sum to 121.
 */
export const PAPER_DESIGN: readonly SiteRole[] = Object.freeze([
  { id: 'site-a', role: 'development', patients: 40 },
  { id: 'site-b', role: 'development', patients: 44 },
  { id: 'site-c', role: 'external', patients: 19 },
  { id: 'site-d', role: 'external', patients: 18 },
]);

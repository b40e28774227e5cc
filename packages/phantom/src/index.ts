/**
 * @packageDocumentation
 * A seeded synthetic multi-site sagittal T2 spine MR cohort with lesion masks.
 */
export type { SiteRole } from './paper-design';
export { PAPER_DESIGN } from './paper-design';

/**
 * @packageDocumentation
 * Node-only helpers of `@spinedx/phantom`: writing a cohort and its montage to disk.
 */
export type { WriteCohortOptions } from './write-cohort';
export { writeCohort, writeMontage } from './write-cohort';

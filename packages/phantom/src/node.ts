/**
 * @packageDocumentation
 * Node-only helpers of `@spinedx/phantom`: writing a cohort to a folder.
 */
export { PAPER_DESIGN } from './paper-design';

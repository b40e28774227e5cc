/**
 * @packageDocumentation
 * A seeded synthetic multi-site sagittal T2 spine MR cohort (spinal tuberculosis vs metastasis) with lesion
 * masks, written as real DICOM. Browser-safe: no Node-only module here (see `@spinedx/phantom/node`).
 */
export type { SiteRole } from './paper-design';
export { PAPER_DESIGN } from './paper-design';
export type { PhantomTransferSyntax, ScannerProfile, SiteSpec } from './site-profile';
export { DEFAULT_SITES } from './site-profile';
export type { VertebralLevel } from './vertebral-levels';
export { VERTEBRAL_LEVELS } from './vertebral-levels';
export type { PhantomErrorCode } from './phantom-error';
export { PhantomError } from './phantom-error';
export type { ClassBalance, CohortOptions, CohortPlan, PatientPlan, PhantomLabel, Presentation } from './cohort-plan';
export { generateCohort } from './cohort-plan';
export { MASK_LABELS } from './lesion-model';
export type { RenderedPatient, RenderedSlice, RenderPatientOptions, SeriesGeometry } from './render-patient';
export { renderPatient } from './render-patient';
export type { PatientDicom, PatientFile, PatientMaskFile, RenderPatientDicomOptions } from './render-patient-dicom';
export { renderPatientDicom, transferSyntaxUid } from './render-patient-dicom';
export type { CohortManifest, ManifestPatient, ManifestSlice } from './manifest';
export { createManifest, createManifestPatient, manifestToCsv, MASK_ENCODING } from './manifest';
export type { Montage, MontageCell, MontageOptions } from './montage';
export { renderMontage } from './montage';
export type { LogisticBaselineOptions, LogisticBaselineResult } from './logistic-baseline';
export { evaluateLogisticBaseline, rocAuc } from './logistic-baseline';

/**
 * @packageDocumentation
 * The `spinedx` command as a library: run it with your own arguments, or use its pieces (the demo, the study
 * report and its schema, the readers' simulation and comparison). Node only.
 */
export { runCli } from './run-cli';
export { createProgram } from './program';
export type { CliColors, CliIo } from './io/cli-io';
export { createMemoryIo, createProcessIo } from './io/cli-io';
export type { ExitCode } from './io/exit-codes';
export { EXIT_CODES } from './io/exit-codes';
export type { CliErrorCode } from './io/cli-error';
export { CliError, exitCodeFor } from './io/cli-error';
export type { DemoProfile } from './demo/demo-profiles';
export { DEMO_PROFILES, getDemoProfile, PAPER_BACKBONES } from './demo/demo-profiles';
export type { DemoOptions, DemoResult } from './demo/run-demo';
export { runDemo } from './demo/run-demo';
export type { ReaderCase, ReaderProfile } from './readers/reader-model';
export { caseDifficulty, correctCallProbability, DEFAULT_READERS, simulateReader } from './readers/reader-model';
export type { ModelReaderTest, ModelScores, ReaderAgreement, ReaderCalls, ReaderComparison, ReaderComparisonInput, ReaderFigures } from './readers/reader-comparison';
export { compareReaders } from './readers/reader-comparison';
export type { Evaluation, GalleryCase, ModelPairComparison, ModelResult, ReadersSection, SetFigures, StudyReport } from './report/study-report-schema';
export { studyReportSchema, validateStudyReport } from './report/study-report-schema';
export type { GalleryEntry, ModelRunResult, ReadersInput, StudyReportBundle, StudyReportInput } from './report/build-study-report';
export { buildStudyReport, SYNTHETIC_DISCLAIMER } from './report/build-study-report';
export type { ScoredSet } from './report/scored-set';
export { evaluateScoredSet } from './report/scored-set';
export type { AssetLookup } from './report/render-study-html';
export { renderStudyHtml } from './report/render-study-html';
export { renderStudyMarkdown } from './report/render-study-markdown';
export type { WrittenReport } from './report/write-study-report';
export { writeStudyReport } from './report/write-study-report';
export type { BenchResult } from './commands/bench-command';
export { benchBackbones } from './commands/bench-command';

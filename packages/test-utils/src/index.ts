/**
 * @packageDocumentation
 * Private test and benchmark helpers shared by the SpineDx packages.
 */
export type { BenchRow } from './bench';
export { measureMs, PYTHON_BEST_OF, PYTHON_SET_THREADS, recordBenchRow, runPythonJson } from './bench';
export type { GoldenTensor } from './golden-weights';
export { goldenExcess, goldenInputNhwc, goldenParameter, goldenStateDict, goldenUniform } from './golden-weights';
export { hasPythonModules, hasTool } from './tools';
export { pythonExecutable } from './python';

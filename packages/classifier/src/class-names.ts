/** The two diagnoses the paper separates: spinal tuberculosis (STB) and spinal metastasis (SM). */
export const DEFAULT_CLASS_NAMES: readonly ['STB', 'SM'] = Object.freeze(['STB', 'SM'] as const);

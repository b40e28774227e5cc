import type { DicomImage } from '../dicom-image';

/**
 * When a series counts as T2-weighted. The rule, applied in order:
 * 1. SeriesDescription or ProtocolName matches `excludePattern` → not T2 (T1, PD, diffusion, post-contrast...);
 * 2. it matches `includePattern` → T2;
 * 3. else EchoTime >= `minEchoTime` ms and RepetitionTime >= `minRepetitionTime` ms → T2 (long TE, long TR);
 * 4. else (times missing) → not T2.
 */
export interface T2Rule {
  includePattern: RegExp;
  excludePattern: RegExp;
  /** Minimum EchoTime in ms. */
  minEchoTime: number;
  /** Minimum RepetitionTime in ms. */
  minRepetitionTime: number;
}

/** The default rule: names with T2/STIR, or TE >= 60 ms and TR >= 1500 ms; T1, PD, FLAIR-T1, DWI/ADC and contrast excluded. */
export const defaultT2Rule: Readonly<T2Rule> = Object.freeze({
  includePattern: /t2|stir|tirm/i,
  excludePattern: /t1|\bpd\b|proton|dwi|diff|adc|\+c\b|gad|contrast|localizer|scout/i,
  minEchoTime: 60,
  minRepetitionTime: 1500,
});

/** Whether an image looks T2-weighted under `rule` (fields not given come from defaultT2Rule). */
export function isLikelyT2(image: Pick<DicomImage, 'seriesDescription' | 'protocolName' | 'echoTime' | 'repetitionTime'>, rule: Partial<T2Rule> = {}): boolean {
  const { includePattern, excludePattern, minEchoTime, minRepetitionTime } = { ...defaultT2Rule, ...rule };
  const names = [image.seriesDescription, image.protocolName].filter((name): name is string => name !== undefined).join(' ');
  if (names !== '' && excludePattern.test(names)) return false;
  if (names !== '' && includePattern.test(names)) return true;
  if (image.echoTime === undefined || image.repetitionTime === undefined) return false;
  return image.echoTime >= minEchoTime && image.repetitionTime >= minRepetitionTime;
}

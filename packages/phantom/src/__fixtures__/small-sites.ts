import { DEFAULT_SITES, type SiteSpec } from '../site-profile';

/**
 * The default sites shrunk for fast tests: same field of view, scaling and encoding, 128 × 128 display
 * (96 × 96 acquired) instead of 256-352.
 */
export const SMALL_SITES: SiteSpec[] = DEFAULT_SITES.map((site) => {
  const fieldOfView = site.scanner.matrix[0] * site.scanner.pixelSpacing[0];
  return {
    ...site,
    patients: 2,
    scanner: { ...site.scanner, matrix: [128, 128], acquisitionMatrix: [96, 96], pixelSpacing: [fieldOfView / 128, fieldOfView / 128] },
  };
});

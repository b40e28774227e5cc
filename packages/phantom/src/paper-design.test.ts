import { describe, expect, it } from 'vitest';
import { PAPER_DESIGN } from './paper-design';

describe('PAPER_DESIGN', () => {
  it('should have 121 patients over two development and two external sites', () => {
    const total = PAPER_DESIGN.reduce((sum, site) => sum + site.patients, 0);
    const roles = PAPER_DESIGN.map((site) => site.role).sort();
    expect([total, roles]).toEqual([121, ['development', 'development', 'external', 'external']]);
  });
});

import { describe, expect, it } from 'vitest';
import { createProgram, DEMO_PLAN } from './program';

describe('createProgram', () => {
  it('should print the demo plan as JSON', async () => {
    let output = '';
    await createProgram((text) => {
      output += text;
    }).parseAsync(['node', 'spinedx', 'demo', '--json']);
    expect(JSON.parse(output)).toEqual({ plan: DEMO_PLAN });
  });
});

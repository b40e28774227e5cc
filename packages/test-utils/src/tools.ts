import { spawnSync } from 'node:child_process';
import { pythonExecutable } from './python';

/**
 * True when an external reference tool (a command, or `python3:<module>`) is installed. Tests use it with
 * `it.runIf`; when SPINEDX_REQUIRE_TOOLS=1 (CI) a missing tool throws instead, so nothing is silently skipped.
 */
export function hasTool(tool: string): boolean {
  let present: boolean;
  if (tool.startsWith('python3:')) {
    const module = tool.slice('python3:'.length);
    present = spawnSync(pythonExecutable(), ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
  } else {
    present = spawnSync('sh', ['-c', `command -v ${JSON.stringify(tool)}`], { stdio: 'ignore' }).status === 0;
  }
  if (!present && process.env.SPINEDX_REQUIRE_TOOLS === '1') {
    throw new Error(`hasTool: '${tool}' is required (SPINEDX_REQUIRE_TOOLS=1) but not installed; .ci/run installs it with apt`);
  }
  return present;
}

import { spawnSync } from 'node:child_process';
import { pythonExecutable } from './python';

/**
 * True when Debian's python3 imports every one of `modules` (comma-separated, e.g. 'torch, numpy'). Never throws:
 * for references that CI does not install (PyTorch), whose tests run where they are present; {@link hasTool} is the
 * check for those CI must have.
 */
export function hasPythonModules(modules: string): boolean {
  return spawnSync(pythonExecutable(), ['-c', `import ${modules}`], { stdio: 'ignore' }).status === 0;
}

/**
 * True when an external reference tool (a command, or `python3:<module>`) is installed. Tests use it with
 * `it.runIf`; when SPINEDX_REQUIRE_TOOLS=1 (CI) a missing tool throws instead, so nothing is silently skipped.
 */
export function hasTool(tool: string): boolean {
  let present: boolean;
  if (tool.startsWith('python3:')) {
    present = hasPythonModules(tool.slice('python3:'.length));
  } else {
    present = spawnSync('sh', ['-c', `command -v ${JSON.stringify(tool)}`], { stdio: 'ignore' }).status === 0;
  }
  if (!present && process.env.SPINEDX_REQUIRE_TOOLS === '1') {
    throw new Error(`hasTool: '${tool}' is required (SPINEDX_REQUIRE_TOOLS=1) but not installed; .ci/run installs it with apt`);
  }
  return present;
}

import { existsSync } from 'node:fs';

/**
 * The Python interpreter that has Debian's packages (python3-torch, -pydicom, -sklearn, ...): SPINEDX_PYTHON when set,
 * else /usr/bin/python3 when present (a pyenv or venv python3 earlier on PATH would not see apt's modules), else python3.
 */
export function pythonExecutable(): string {
  if (process.env.SPINEDX_PYTHON) return process.env.SPINEDX_PYTHON;
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

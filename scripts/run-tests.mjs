// Runs every workspace test project with one vitest process and prints the closing line CI reads:
// "N passed, N failed" (", N skipped" when any were skipped).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';

mkdirSync('reports', { recursive: true });
const reportPath = 'reports/vitest.json';
const result = spawnSync(
  'pnpm',
  ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportPath}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
if (!existsSync(reportPath)) {
  console.error('run-tests: vitest wrote no report');
  process.exit(result.status || 1);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(result.status ?? 1);

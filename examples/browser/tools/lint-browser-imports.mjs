// Lint: the page's sources (everything under src/ but tests and the Node-side e2e harness) must not import a
// Node built-in (node:fs, path, ...): a bundler would stub it and the page would fail at run time.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../src', import.meta.url));
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const specifier = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

function* sources(directory) {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'e2e') yield* sources(path);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) yield path;
  }
}

const problems = [];
let checked = 0;
for (const path of sources(root)) {
  checked++;
  for (const match of readFileSync(path, 'utf8').matchAll(specifier)) {
    const name = match[1] ?? match[2] ?? match[3];
    if (builtins.has(name) || builtins.has(name.split('/')[0])) problems.push(`${relative(root, path)}: imports the Node built-in '${name}'`);
  }
}
if (problems.length > 0) {
  console.error(`lint-browser-imports: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`lint-browser-imports: ${checked} page sources import no Node built-in`);

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'spinedx-changeset-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const version = (dir: string, name: string): string =>
  JSON.parse(readFileSync(join(dir, 'packages', name, 'package.json'), 'utf8')).version;

describe('changeset version', () => {
  it('should bump a package with a changeset, patch-bump its dependents and write their changelogs', () => {
    // A copy of the workspace manifests only: changesets reads package.json files and .changeset/.
    cpSync(join(root, '.changeset'), join(work, '.changeset'), { recursive: true });
    for (const file of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(root, file), join(work, file));
    cpSync(join(root, 'packages'), join(work, 'packages'), {
      recursive: true,
      filter: (source) => !/node_modules|dist|\.turbo/.test(source.slice(root.length)),
    });
    const before = { core: version(work, 'core'), dicom: version(work, 'dicom'), metrics: version(work, 'metrics') };
    writeFileSync(join(work, '.changeset', 'test-bump.md'), '---\n"@spinedx/core": minor\n---\n\nAdd a thing.\n');
    execFileSync(join(root, 'node_modules', '.bin', 'changeset'), ['version'], { cwd: work, stdio: 'pipe' });

    const [major, minor] = before.core.split('.').map(Number);
    expect(version(work, 'core')).toBe(`${major}.${minor! + 1}.0`);
    expect(version(work, 'dicom')).not.toBe(before.dicom);
    expect(readFileSync(join(work, 'packages', 'core', 'CHANGELOG.md'), 'utf8')).toContain('Add a thing.');
    expect(existsSync(join(work, 'packages', 'test-utils', 'CHANGELOG.md'))).toBe(false);
  });
});

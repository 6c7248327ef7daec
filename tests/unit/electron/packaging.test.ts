import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  beforeBuild,
  OLDEST_SUPPORTED_ELECTRON,
  packagingProblems,
  projectFiles,
} from '../../../scripts/check-packaging.mjs';

/**
 * CI's check of the release packaging config (the package itself is built on release machines): native modules
 * are rebuilt against Electron's headers (npmRebuild), no nodedir leaks into electron-builder.yml, .npmrc or
 * package.json, the fuses stay set, and Electron is a supported major.
 */

const files = projectFiles();
const withConfig = (builderConfig: string) => packagingProblems({ ...files, builderConfig });

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the release packaging config', () => {
  it('is fine as committed', () => {
    expect(packagingProblems(files)).toEqual([]);
    expect(files.builderConfig).toMatch(/^npmRebuild: true$/m);
    expect(files.builderConfig).toMatch(/^beforeBuild: \.\/scripts\/check-packaging\.mjs$/m);
  });

  it('refuses a config that skips, hides or doubles npmRebuild', () => {
    const problem =
      'electron-builder.yml must say `npmRebuild: true` exactly once, so native modules are rebuilt for Electron.';
    expect(withConfig(files.builderConfig.replace('npmRebuild: true', 'npmRebuild: false'))).toEqual([
      problem,
    ]);
    expect(withConfig(files.builderConfig.replace('npmRebuild: true\n', ''))).toEqual([problem]);
    expect(withConfig(files.builderConfig.replace('npmRebuild: true', '# npmRebuild: true'))).toEqual([
      problem,
    ]);
    expect(withConfig(files.builderConfig.replace('npmRebuild: true', '  npmRebuild: true'))).toEqual([
      problem,
    ]);
    expect(withConfig(`${files.builderConfig}npmRebuild: false\n`)).toEqual([problem]);
    expect(withConfig(`${files.builderConfig}buildDependenciesFromSource: true\n`)).toEqual([
      'electron-builder.yml must not build dependencies from source with other headers.',
    ]);
  });

  it('refuses nodedir in electron-builder.yml, .npmrc or package.json, but not in a comment', () => {
    expect(withConfig(`${files.builderConfig}npmArgs: --nodedir=/usr\n`)).toEqual([
      'electron-builder.yml mentions nodedir: the rebuild must use Electron’s headers, not a Node’s.',
    ]);
    expect(withConfig(`${files.builderConfig}# never set nodedir here\n`)).toEqual([]);
    expect(packagingProblems({ ...files, npmrc: 'fund=false\nnodedir=/usr\n' })).toEqual([
      '.npmrc sets nodedir: the release rebuild would compile against the system Node’s headers.',
    ]);
    expect(packagingProblems({ ...files, npmrc: 'fund=false\n; nodedir=/usr\n# nodedir=/usr\n' })).toEqual(
      [],
    );
    expect(packagingProblems({ ...files, npmrc: null })).toEqual([]);
    const pkg = JSON.parse(files.packageJson) as { scripts: Record<string, string> };
    pkg.scripts.dist = 'npm_config_nodedir=/usr electron-builder --config electron-builder.yml';
    expect(packagingProblems({ ...files, packageJson: JSON.stringify(pkg) })).toEqual([
      'package.json mentions nodedir: keep it out of the scripts and config the release build uses.',
    ]);
  });

  it('refuses a nodedir in the environment the rebuild runs in', () => {
    expect(packagingProblems({ ...files, env: { PATH: '/usr/bin', npm_config_nodedir: '/usr' } })).toEqual([
      "npm_config_nodedir=/usr is set: unset it for the release build (it is only for CI's tests on the system Node).",
    ]);
    expect(packagingProblems({ ...files, env: { PATH: '/usr/bin', npm_config_nodedir: '' } })).toEqual([]);
    // electron-builder calls the hook with the real environment, right before the native rebuild.
    vi.stubEnv('npm_config_nodedir', '/usr');
    expect(() => beforeBuild()).toThrow(/^Packaging stopped:\n- npm_config_nodedir=\/usr is set/);
    vi.stubEnv('npm_config_nodedir', '');
    expect(beforeBuild()).toBe(true);
  });

  it('keeps the fuses that stop the shipped binary acting as a plain Node', () => {
    expect(withConfig(files.builderConfig.replace('runAsNode: false', 'runAsNode: true'))).toEqual([
      'electron-builder.yml must set the fuse runAsNode: false.',
    ]);
    expect(withConfig(files.builderConfig.replace('  onlyLoadAppFromAsar: true\n', ''))).toEqual([
      'electron-builder.yml must set the fuse onlyLoadAppFromAsar: true.',
    ]);
  });

  it(`ships Electron ${OLDEST_SUPPORTED_ELECTRON} or newer, pinned exactly`, () => {
    const pinned = (version: string) => {
      const pkg = JSON.parse(files.packageJson) as { devDependencies: Record<string, string> };
      pkg.devDependencies.electron = version;
      return packagingProblems({ ...files, packageJson: JSON.stringify(pkg) });
    };
    expect(pinned('45.6.1')).toEqual([]);
    expect(pinned('46.0.0')).toEqual([]);
    expect(pinned('40.10.2')).toEqual([
      'package.json pins electron 40.10.2; ship 45 or newer (older majors get no security fixes).',
    ]);
    expect(pinned('^45.6.1')).toEqual([
      'package.json must pin electron to one exact version (for example 45.6.1).',
    ]);
  });
});

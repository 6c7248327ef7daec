#!/usr/bin/env node
// The release build must rebuild native modules (better-sqlite3, @serialport/bindings-cpp) against the headers
// of the Electron it ships, never against the system Node's: a build made with `nodedir` pointing at /usr
// targets Node 20's ABI and the packaged Desk cannot open its database. This checks the packaging config for
// that, and for the fuses that keep the shipped binary from being used as a plain Node.
//
// Run three ways: by CI (tests/unit/electron/packaging.test.ts checks the files), by hand
// (`node scripts/check-packaging.mjs`, which also checks this shell's environment), and by electron-builder
// itself on the release machine (electron-builder.yml names this file as its beforeBuild hook, which runs
// right before the native rebuild, with the environment that rebuild will see).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Oldest Electron major this project may ship (see "Keeping Electron supported" in the README). */
export const OLDEST_SUPPORTED_ELECTRON = 45;

/** Fuses electron-builder.yml must set, and to what. */
export const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
};

const NODEDIR = /nodedir/i;

/** YAML or .npmrc text without its comments (`#` at a line's start or after a space; `;` too in .npmrc). */
const uncommented = (text, marks = '#') => text.replace(new RegExp(`(^|\\s)[${marks}].*$`, 'gm'), '$1');

/** The values of every top-level `key: value` line of a YAML file (indented and commented lines do not count). */
function topLevel(yaml, key) {
  return [...yaml.matchAll(new RegExp(`^${key}:[ \\t]*([^#\\n]*?)[ \\t]*(?:#.*)?$`, 'gm'))].map((m) => m[1]);
}

/** `key: value` lines nested under a top-level `section:` block. */
function nested(yaml, section) {
  const lines = yaml.split('\n');
  const start = lines.findIndex((line) => line.replace(/#.*$/, '').trimEnd() === `${section}:`);
  if (start < 0) return null;
  const values = {};
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) break;
    const m = /^\s+([A-Za-z]+):\s*([^#]*?)\s*(?:#.*)?$/.exec(line);
    if (m !== null) values[m[1]] = m[2];
  }
  return values;
}

/**
 * Problems with the packaging config, as sentences (none: an empty list).
 * `builderConfig` is electron-builder.yml's text, `npmrc` the project's .npmrc text (or null when there is none),
 * `packageJson` package.json's text, `env` the environment the rebuild will run in (omit to skip that check).
 */
export function packagingProblems({ builderConfig, npmrc, packageJson, env }) {
  const problems = [];
  const rebuild = topLevel(builderConfig, 'npmRebuild');
  if (rebuild.length !== 1 || rebuild[0] !== 'true') {
    problems.push(
      'electron-builder.yml must say `npmRebuild: true` exactly once, so native modules are rebuilt for Electron.',
    );
  }
  if (topLevel(builderConfig, 'buildDependenciesFromSource').some((v) => v !== 'false')) {
    problems.push('electron-builder.yml must not build dependencies from source with other headers.');
  }
  if (NODEDIR.test(uncommented(builderConfig))) {
    problems.push(
      'electron-builder.yml mentions nodedir: the rebuild must use Electron’s headers, not a Node’s.',
    );
  }
  if (npmrc !== null && NODEDIR.test(uncommented(npmrc, '#;'))) {
    problems.push(
      '.npmrc sets nodedir: the release rebuild would compile against the system Node’s headers.',
    );
  }
  if (NODEDIR.test(packageJson)) {
    problems.push(
      'package.json mentions nodedir: keep it out of the scripts and config the release build uses.',
    );
  }
  const fuses = nested(builderConfig, 'electronFuses');
  if (fuses === null) {
    problems.push('electron-builder.yml has no electronFuses section.');
  } else {
    for (const [fuse, value] of Object.entries(REQUIRED_FUSES)) {
      if (fuses[fuse] !== String(value))
        problems.push(`electron-builder.yml must set the fuse ${fuse}: ${value}.`);
    }
  }
  const pkg = JSON.parse(packageJson);
  const electron = pkg.devDependencies?.electron ?? pkg.dependencies?.electron;
  const exact = typeof electron === 'string' ? /^(\d+)\.\d+\.\d+$/.exec(electron) : null;
  if (exact === null) {
    problems.push('package.json must pin electron to one exact version (for example 45.6.1).');
  } else if (Number(exact[1]) < OLDEST_SUPPORTED_ELECTRON) {
    problems.push(
      `package.json pins electron ${electron}; ship ${OLDEST_SUPPORTED_ELECTRON} or newer (older majors get no security fixes).`,
    );
  }
  if (env !== undefined) {
    for (const [name, value] of Object.entries(env)) {
      if (NODEDIR.test(name) && value !== undefined && value !== '') {
        problems.push(
          `${name}=${value} is set: unset it for the release build (it is only for CI's tests on the system Node).`,
        );
      }
    }
  }
  return problems;
}

/** The project's own files, as the release build reads them. */
export function projectFiles(dir = root) {
  const npmrcPath = join(dir, '.npmrc');
  return {
    builderConfig: readFileSync(join(dir, 'electron-builder.yml'), 'utf8'),
    npmrc: existsSync(npmrcPath) ? readFileSync(npmrcPath, 'utf8') : null,
    packageJson: readFileSync(join(dir, 'package.json'), 'utf8'),
  };
}

/** electron-builder's beforeBuild hook: stops the release build before a wrong rebuild; true lets it go on. */
export function beforeBuild() {
  const problems = packagingProblems({ ...projectFiles(), env: process.env });
  if (problems.length > 0) throw new Error(`Packaging stopped:\n- ${problems.join('\n- ')}`);
  return true;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const problems = packagingProblems({ ...projectFiles(), env: process.env });
  if (problems.length > 0) {
    process.stderr.write(`Packaging config problems:\n- ${problems.join('\n- ')}\n`);
    process.exit(1);
  }
  process.stdout.write('Packaging config: native modules are rebuilt for Electron; no nodedir; fuses set.\n');
}

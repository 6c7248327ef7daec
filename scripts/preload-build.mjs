// How the preload bundle is built (used by build.mjs and by tests/unit/electron/preload-bundle.test.ts).
// The contract's method and event names are read here, at build time, and put into the bundle as plain strings,
// so the sandboxed preload does not carry zod (validation lives in main).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The contract's method and event names, from preload/contract/index.ts bundled and loaded once. */
export async function contractNames() {
  const out = await build({
    absWorkingDir: root,
    entryPoints: ['preload/contract/index.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'warning',
  });
  const code = out.outputFiles[0].text;
  const contract = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  return { methods: Object.keys(contract.methods), events: Object.keys(contract.events) };
}

/** esbuild options for dist/preload/index.cjs: one CommonJS file that can require only 'electron'. */
export async function preloadBuildOptions() {
  const names = await contractNames();
  return {
    absWorkingDir: root,
    entryPoints: { index: 'preload/index.ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
    define: {
      __DESK_METHOD_NAMES__: JSON.stringify(names.methods),
      __DESK_EVENT_NAMES__: JSON.stringify(names.events),
    },
    logLevel: 'warning',
  };
}

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/**
 * The import boundaries of main (import-boundaries.js, spread into eslint.config.js), linted against sample
 * imports placed in the folders they would live in: each rule fires on the import it forbids and stays quiet on
 * the one beside it that is allowed.
 */
const root = join(import.meta.dirname, '../../..');

async function linter(): Promise<ESLint> {
  const { importBoundaries } = (await import(pathToFileURL(join(root, 'import-boundaries.js')).href)) as {
    importBoundaries: Linter.Config[];
  };
  return new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { '@typescript-eslint': tseslint.plugin },
      },
      ...importBoundaries,
    ],
  });
}

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await (await linter()).lintText(code, { filePath: join(root, file) });
  return result!.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('import boundaries in main', () => {
  it('refuses an area importing the host, and lets it import the kernel', async () => {
    const refused = await problems('main/jobs/sample.ts', "import { seedDemo } from '../host/demo.js';\n");
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/Areas never import the host/);
    expect(
      await problems('main/machines/sim/sample.ts', "import { x } from '../../host/web.js';\n"),
    ).toHaveLength(1);
    expect(await problems('main/treasury/sample.ts', "import { x } from '../cli/serve.js';\n")).toHaveLength(
      1,
    );
    expect(
      await problems('main/jobs/sample.ts', "import type { HostContext } from '../kernel/context.js';\n"),
    ).toEqual([]);
  });

  it('refuses the kernel importing an area or the host, and lets it name the store’s types only', async () => {
    for (const from of ['../people/sessions.js', '../treasury/journal.js', '../host/create-host.js']) {
      const refused = await problems('main/kernel/sample.ts', `import { x } from '${from}';\n`);
      expect(refused, from).toHaveLength(1);
      expect(refused[0]).toMatch(/kernel sits below every area/);
    }
    expect(
      await problems('main/kernel/sample.ts', "import { openStore } from '../store/store.js';\n"),
    ).toEqual([expect.stringMatching(/store’s types \(import type\)/)]);
    expect(
      await problems('main/kernel/sample.ts', "import type { Store } from '../store/store.js';\n"),
    ).toEqual([]);
    expect(await problems('main/kernel/sample.ts', "import type { Clock } from './clock.js';\n")).toEqual([]);
  });

  it('refuses another area’s handlers, demo and unexported internals, and allows its services and index', async () => {
    expect(await problems('main/jobs/sample.ts', "import { x } from '../machines/handlers.js';\n")).toEqual([
      expect.stringMatching(/handlers.ts and demo.ts are the host’s/),
    ]);
    expect(
      await problems('main/production/sample.ts', "import { x } from '../treasury/demo.js';\n"),
    ).toHaveLength(1);
    expect(
      await problems('main/machines/sample.ts', "import { x } from '../training/authorize.js';\n"),
    ).toEqual([expect.stringMatching(/only what their index.ts exports/)]);
    expect(await problems('main/machines/sample.ts', "import { x } from '../training/index.js';\n")).toEqual(
      [],
    );
    expect(await problems('main/jobs/sample.ts', "import { x } from '../machines/service-of.js';\n")).toEqual(
      [],
    );
    // Inside its own area, a file imports what it likes.
    expect(await problems('main/training/sample.ts', "import { x } from './authorize.js';\n")).toEqual([]);
    expect(await problems('main/machines/sample.ts', "import { x } from './handlers.js';\n")).toEqual([]);
  });

  it('leaves the composition roots free to import every area', async () => {
    expect(await problems('main/host/sample.ts', "import { x } from '../machines/handlers.js';\n")).toEqual(
      [],
    );
    expect(await problems('main/cli/sample.ts', "import { x } from '../host/create-host.js';\n")).toEqual([]);
  });
});

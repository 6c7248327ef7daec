import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** Loads .sql and .csv files as text, as esbuild's `text` loader does in the build. */
function textFiles(): Plugin {
  return {
    name: 'desk-text-files',
    transform(code, id) {
      if (id.endsWith('.sql') || id.endsWith('.csv')) {
        return { code: `export default ${JSON.stringify(code)};`, map: null };
      }
      return undefined;
    },
  };
}

export default defineConfig({
  plugins: [textFiles()],
  test: {
    projects: [
      {
        plugins: [textFiles()],
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 20_000,
        },
      },
      {
        plugins: [react(), textFiles()],
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['tests/renderer/**/*.test.tsx'],
          setupFiles: ['tests/renderer/setup.ts'],
        },
      },
    ],
  },
});

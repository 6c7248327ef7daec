import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is plain static files: served by app:// in Electron and by the web host in a browser.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
});

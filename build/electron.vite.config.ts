import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = resolve(__dirname, '..');
const at = (p: string) => resolve(root, p);

export default defineConfig({
  main: {
    build: {
      outDir: at('out/main'),
      // Runtime dependencies stay in node_modules (electron-vite's default), where
      // electron-builder unpacks and rebuilds the native ones.
      rollupOptions: {
        input: {
          index: at('electron/main/index.ts'),
          // The CLI and headless host are the same core under plain Node.
          cli: at('electron/core/cli-main.ts'),
          // One sync run per worker thread (electron/core/engine-host starts them).
          worker: at('electron/engine/worker.ts'),
        },
        output: {
          format: 'cjs',
          entryFileNames: '[name].js',
          banner: (chunk) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but 'electron': bundle every dependency into it.
      externalizeDeps: false,
      outDir: at('out/preload'),
      rollupOptions: {
        input: { index: at('electron/preload/index.ts') },
        // A sandboxed preload must be a single CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].js', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: at('renderer'),
    plugins: [react()],
    build: {
      outDir: at('out/renderer'),
      // electron-vite leaves bundles unminified by default; the UI loads noticeably faster minified.
      minify: true,
      rollupOptions: { input: at('renderer/index.html') },
    },
  },
});

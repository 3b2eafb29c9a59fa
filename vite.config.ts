import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { alias } from './vitest.config.ts';

export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  resolve: { alias },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/open311': 'http://localhost:3000',
      '/oai': 'http://localhost:3000',
    },
  },
});

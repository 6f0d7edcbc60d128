import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The staff console, built into static files (apps/admin/dist) that the API serves at /admin.
 * `npm run build:admin`; during development, `npx vite --config apps/admin/vite.config.ts`
 * serves it with hot reload and forwards /admin-api to the API on :3000.
 */
export default defineConfig({
  root,
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // One large vendor chunk (react-admin + MUI) is expected for a back-office app.
    chunkSizeWarningLimit: 4000,
  },
  server: {
    proxy: { '/admin-api': 'http://localhost:3000' },
  },
});

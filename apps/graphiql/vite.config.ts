import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * GraphiQL (the `graphiql` package and its Monaco editors and workers), bundled into static files
 * (apps/graphiql/dist) that the API serves under /graphiql/ outside production. There is no
 * index.html: the server renders the page at GET /graphql (graphiql.page.ts) from the manifest,
 * so the bundle loads from our own origin and nothing from a CDN.
 */
export default defineConfig({
  root,
  base: '/graphiql/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    rolldownOptions: {
      input: 'src/main.tsx',
      // GraphiQL's React-compiler output carries "use no memo" directives a bundle cannot keep; harmless.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
    // Monaco and GraphiQL make large chunks; this is a development tool.
    chunkSizeWarningLimit: 8000,
  },
  worker: { format: 'es' },
});

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `npm run dev -w @atscale/web` forwards API calls: an `atscale start` on this port. */
const apiUrl = 'http://localhost:3000';

export default defineConfig({
  base: '/',
  plugins: [react()],
  resolve: {
    // nhsuk-frontend's compiled CSS refers to its icons as /assets/images/...: take them from
    // the package, so Vite bundles them with the app.
    alias: [
      { find: /^\/assets\/images\//, replacement: 'nhsuk-frontend/dist/nhsuk/assets/images/' },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // nhsuk-frontend's CSS is already minified and keeps IE hacks (`@media screen\0`) that
    // Lightning CSS cannot parse, so leave CSS as it is.
    cssMinify: false,
  },
  server: { proxy: { '/api': apiUrl, '/healthz': apiUrl } },
});

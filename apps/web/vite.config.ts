import { constants as zlib } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

// The dev server forwards everything the Plato server owns, so the app uses
// same-origin relative URLs (and same-site cookies) in development as in production.
const server = 'http://localhost:3000';

/** In development, table links open the guest entry, as the Plato server does in production. */
const guestPagesInDev: Plugin = {
  name: 'plato-guest-pages',
  configureServer(dev) {
    dev.middlewares.use((req, _res, next) => {
      if (req.url && /^\/t\//.test(req.url)) req.url = '/guest.html';
      next();
    });
  },
};

/** Set by build.mjs for the second of its two builds. */
const guestBuild = process.env.PLATO_WEB_BUILD === 'guest';
const GUEST_MANIFEST = '.vite/guest-manifest.json';

export default defineConfig({
  plugins: [
    guestPagesInDev,
    react(),
    // Each asset also as .br and .gz at the best ratio, once at build time: the server sends them
    // as they are (@fastify/static's preCompressed) and never compresses an asset per request.
    compression({
      algorithms: [
        defineAlgorithm('brotliCompress', { params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY } }),
        defineAlgorithm('gzip', { level: zlib.Z_BEST_COMPRESSION }),
      ],
      // Every asset, however small, and even where compressing gains little: the server then always finds the
      // .br/.gz it was asked for, and never has to compress an asset per request.
      threshold: 0,
      skipIfLargerOrEqual: false,
    }),
  ],
  // Two builds into one folder (build.mjs): the staff app (React), then the guest app (Preact). Built together,
  // every module both import (money, i18n, constants…) became a chunk of its own, and the guest's first load was
  // eleven files: on a phone's slow network each one more is a round trip before the menu shows. Built alone, the
  // guest entry is one script and one stylesheet, its lazy parts (live client, pages) loaded as they are needed.
  build: guestBuild
    ? {
        outDir: 'dist',
        emptyOutDir: false,
        rollupOptions: { input: { guest: 'guest.html' } },
        // What the guest page loads first, for the weight budget (the e2e budget test and the bench read it).
        manifest: GUEST_MANIFEST,
      }
    : {
        outDir: 'dist',
        emptyOutDir: true,
        rollupOptions: { input: { index: 'index.html' } },
        manifest: true,
      },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: true },
      '/media': { target: server, changeOrigin: true },
      '/socket.io': { target: server, changeOrigin: true, ws: true },
    },
  },
});

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
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Two entries: the staff app (React) and the guest app (Preact), which share no chunk of either framework.
    rollupOptions: { input: { index: 'index.html', guest: 'guest.html' } },
    // What each entry loads first, for the weight budget (the e2e budget test and the bench read it).
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

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server forwards everything the Plato server owns, so the app uses
// same-origin relative URLs (and same-site cookies) in development as in production.
const server = 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: true },
      '/media': { target: server, changeOrigin: true },
      '/socket.io': { target: server, changeOrigin: true, ws: true },
    },
  },
});

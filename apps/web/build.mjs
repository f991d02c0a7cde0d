import { build } from 'vite';

// The staff app, then the guest app into the same folder, each bundled on its own (see vite.config.ts).
await build();
process.env.PLATO_WEB_BUILD = 'guest';
await build();

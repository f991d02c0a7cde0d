// Bundles the server into dist/ with esbuild: workspace packages (@plato/*,
// shipped as TypeScript) are inlined, every npm dependency stays external.
import { build } from 'esbuild';

const external = {
  name: 'external-npm',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@plato/') ? undefined : { path: args.path, external: true },
    );
  },
};

await build({
  entryPoints: ['src/server.ts', 'src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  plugins: [external],
  logLevel: 'warning',
});

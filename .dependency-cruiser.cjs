// The server's domain stack as data, top to bottom (docs/architecture.md, "The domain stack").
// An import only points down it: a file may import its own layer's shared files, its own module's files,
// and anything below. The rules below are generated from this list; change the stack here, nowhere else.
const SRC = 'apps/server/src';
const modules = (...names) => names.map((name) => `^${SRC}/modules/${name}/`);

/** @type {{ name: string, paths: string[], modules?: boolean }[]} */
const STACK = [
  {
    // Composition: builds the app, wires the domains, authenticates requests and sockets, seeds the demo.
    name: 'edge',
    paths: [
      `^${SRC}/(app|server|cli|bootstrap|wiring|start-banner)\\.ts$`,
      `^${SRC}/http/access-guard\\.ts$`,
      `^${SRC}/realtime/socket-[^/]+\\.ts$`,
      ...modules('demo'),
    ],
  },
  // The development payment provider: Plato's side and the hosted page; nothing below may lean on it.
  { name: 'dev pay', paths: modules('dev-pay'), modules: true },
  { name: 'read models', paths: modules('floor', 'guest-session', 'guest-menu'), modules: true },
  { name: 'reports', paths: modules('reports'), modules: true },
  { name: 'billing, kitchen', paths: modules('billing', 'kitchen'), modules: true },
  { name: 'orders', paths: modules('orders'), modules: true },
  { name: 'cart, calls', paths: modules('cart', 'calls'), modules: true },
  { name: 'sessions', paths: modules('sessions'), modules: true },
  { name: 'tables, menu, auth', paths: modules('tables', 'menu', 'auth'), modules: true },
  { name: 'restaurants', paths: modules('restaurants'), modules: true },
  { name: 'staff', paths: modules('staff'), modules: true },
  { name: 'audit, rate-limits, installation', paths: modules('audit', 'rate-limits', 'installation'), modules: true },
  // What any payment provider is (interface, webhook signatures): billing and the providers stand on it.
  { name: 'payment providers', paths: modules('payments-provider'), modules: true },
  {
    // What every domain stands on; it imports no domain. The live publisher only emits, so it sits here too.
    name: 'platform',
    paths: [
      `^${SRC}/(config|public-url|context|errors|domain-events|metrics)\\.ts$`,
      `^${SRC}/db/`,
      `^${SRC}/http/(?!access-guard\\.ts$)`,
      `^${SRC}/realtime/live\\.ts$`,
      // PDF text in embedded Unicode fonts, for receipts and QR sheets.
      `^${SRC}/pdf/`,
      '^packages/contracts/',
    ],
  },
];

const anyOf = (paths) => paths.map((p) => `(?:${p})`).join('|');
const ALL = anyOf(STACK.flatMap((layer) => layer.paths));

const upward = STACK.slice(1).map((layer, i) => ({
  name: `no-up-from-${layer.name.replace(/\W+/g, '-')}`,
  comment: `${layer.name} may not import a layer above it (${STACK.slice(0, i + 1)
    .map((l) => l.name)
    .join(', ')})`,
  severity: 'error',
  from: { path: anyOf(layer.paths) },
  to: { path: anyOf(STACK.slice(0, i + 1).flatMap((l) => l.paths)) },
}));

// Domains on one layer do not lean on each other either: each one may import only its own folder.
const sideways = STACK.filter((layer) => layer.modules && layer.paths.length > 1).flatMap((layer) =>
  layer.paths.map((own) => ({
    name: `no-sideways-from-${own.replace(/^.*modules\/|\/$/g, '')}`,
    comment: `a domain may not import another domain of its own layer (${layer.name})`,
    severity: 'error',
    from: { path: own },
    to: { path: anyOf(layer.paths.filter((p) => p !== own)) },
  })),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No cycles: a cycle is two domains that cannot be understood, tested or moved apart.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'in-the-stack',
      comment: 'Every server file has a place in the stack: add a new module to STACK in .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: `^${SRC}/` },
      to: { path: `^${SRC}/`, pathNot: ALL },
    },
    {
      name: 'placed-in-the-stack',
      comment: 'Every server file has a place in the stack: add a new module to STACK in .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: `^${SRC}/`, pathNot: ALL },
      to: {},
    },
    ...upward,
    ...sideways,
  ],
  options: {
    includeOnly: [`^${SRC}/`, '^packages/contracts/src/'],
    exclude: { path: ['\\.test\\.ts$', `^${SRC}/db/migrations/`] },
    // Type-only imports count: a type from above is a dependency on above all the same.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'], conditionNames: ['import', 'types', 'default'] },
  },
};

import { rmSync } from 'node:fs';

/** Each run seeds a fresh data folder (playwright.config.ts); it goes once the server has stopped. */
export default function globalTeardown(): void {
  const dir = process.env.PLATO_E2E_DATA_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}

import { accessSync, constants } from 'node:fs';
import { chromiumPath } from './chromium.ts';

/** Browser tests are part of the suite: a missing Chromium is a failure, never a skip. */
export default function globalSetup(): void {
  try {
    accessSync(chromiumPath, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium was not found at ${chromiumPath}. Install it (apt-get install -y chromium) ` +
        'or point PLATO_CHROMIUM at a Chromium executable.',
    );
  }
}

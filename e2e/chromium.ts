/** The system Chromium the suite drives; Playwright never downloads a browser here. */
export const chromiumPath = process.env.PLATO_CHROMIUM ?? '/usr/bin/chromium';

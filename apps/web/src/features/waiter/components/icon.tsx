/*
 * The floor's few icons as inline SVG (no emoji: many phones and kiosks lack
 * an emoji font). Always beside words that say the same thing, so hidden
 * from screen readers.
 */

const PATHS = {
  bell: 'M12 3a6 6 0 0 0-6 6v3.6L4 16v1h16v-1l-2-3.4V9a6 6 0 0 0-6-6Zm-2 15a2 2 0 0 0 4 0Z',
  bellOff:
    'M12 3a6 6 0 0 0-6 6v3.6L4 16v1h11.2L4.6 6.4 6 5l14 14-1.4 1.4-2.6-2.4H14a2 2 0 0 1-4 0H4v-1l2-3.4Zm6 9.6V9a6 6 0 0 0-9.4-4.9Z',
  star: 'm12 3 2.8 5.8 6.2.9-4.5 4.4 1.1 6.2L12 17.4l-5.6 2.9 1.1-6.2L3 9.7l6.2-.9Z',
  hand: 'M8 11V5.5a1.5 1.5 0 0 1 3 0V10h.5V4.5a1.5 1.5 0 0 1 3 0V10h.5V6a1.5 1.5 0 0 1 3 0v8a7 7 0 0 1-7 7h-.4a6 6 0 0 1-4.6-2.2L3.3 15a1.5 1.5 0 0 1 2.3-1.9L8 15.5Z',
  receipt: 'M6 2h12v20l-3-2-3 2-3-2-3 2Zm3 5v2h6V7Zm0 4v2h6v-2Z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}

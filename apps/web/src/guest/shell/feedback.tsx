/** @jsxImportSource preact */
import { useEffect } from 'preact/hooks';
import { useT } from '../i18n';
import { notice } from '../store';

/**
 * The page before it knows what to show: named for screen readers by an attribute, not by hidden text, because
 * painted text (even clipped away) is the browser's "first content" and this has none to show.
 */
export function Loading() {
  const t = useT();
  return (
    <div class="spinner" role="progressbar" aria-label={t('common.loading')} aria-busy="true">
      <span class="spinner__wheel" aria-hidden="true" />
    </div>
  );
}

/**
 * The one polite live region of the page: confirmations and live news
 * ("your burger is ready", "a waiter is on the way") are shown for a few
 * seconds and read out by screen readers without moving focus.
 */
export function Notice() {
  const current = notice.value;
  useEffect(() => {
    if (!current) return;
    const timer = setTimeout(() => {
      if (notice.value?.id === current.id) notice.value = null;
    }, 5000);
    return () => clearTimeout(timer);
  }, [current?.id]);
  return (
    <div class="toast-region" role="status" aria-live="polite">
      {current && (
        <p class="toast" key={current.id}>
          {current.text}
        </p>
      )}
    </div>
  );
}

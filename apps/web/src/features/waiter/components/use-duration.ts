import { useTranslation } from 'react-i18next';
import { minutesSince } from '../table-state';

/** "25 min", "1 h 05 min": how long since `since`, in the reader's language. */
export function useDuration(): (since: string, now: number) => string {
  const { t } = useTranslation();
  return (since, now) => {
    const minutes = minutesSince(since, now);
    if (minutes < 1) return t('duration.underMinute');
    if (minutes < 60) return t('duration.minutes', { count: minutes });
    return t('duration.hours', { hours: Math.floor(minutes / 60), minutes: String(minutes % 60).padStart(2, '0') });
  };
}

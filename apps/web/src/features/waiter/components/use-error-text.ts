import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api-client';

/** The sentence to show for a failed request: the server's own words for a refusal, ours for a lost network. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => {
    if (error instanceof ApiError) return error.problem.detail || error.problem.title;
    if (error instanceof TypeError) return t('errors.network');
    return t('errors.generic');
  };
}

import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/api-client';

/**
 * The staff app's one cache of server state. Live events replace or invalidate
 * its entries, so data stays fresh without polling; a 4xx answer will not turn
 * into a different one by asking again, so only network and 5xx failures retry.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
    },
    mutations: { retry: false },
  },
});

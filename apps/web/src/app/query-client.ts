import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/api-client';

/**
 * The staff app's one cache of server state. Live events replace or
 * invalidate its entries; screens refetch after a reconnect. A 4xx answer
 * is an answer, not a glitch: only network failures and 5xx are retried.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (failures, error) => failures < 3 && !(error instanceof ApiError && error.status < 500),
    },
    // A payment or an order carries its own idempotency key and its screen retries it deliberately.
    mutations: { retry: false },
  },
});

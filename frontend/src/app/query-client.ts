import { QueryClient } from "@tanstack/react-query";

import { ProblemError } from "@/lib/problem";

/** Retry only what may succeed on a second try: network failures and 5xx, never a 4xx. */
function shouldRetry(failures: number, error: unknown): boolean {
  if (error instanceof ProblemError && error.status < 500) return false;
  return failures < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 10_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

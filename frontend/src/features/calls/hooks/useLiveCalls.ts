import { useQuery } from "@tanstack/react-query";

import { listLiveCalls } from "../api/liveCalls";

export const LIVE_REFRESH_MS = 5000;

/** Live calls, refreshed every few seconds while the page is visible. */
export function useLiveCalls() {
  return useQuery({ queryKey: ["calls", "live"], queryFn: listLiveCalls, refetchInterval: LIVE_REFRESH_MS, refetchIntervalInBackground: false });
}

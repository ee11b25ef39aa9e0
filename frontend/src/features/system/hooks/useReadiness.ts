import { useQuery } from "@tanstack/react-query";

import { fetchReadiness } from "../api/readiness";

export function useReadiness() {
  return useQuery({ queryKey: ["system", "readiness"], queryFn: fetchReadiness, refetchInterval: 15_000 });
}

import type { ReactNode } from "react";

import { NotAllowed } from "@/components/NotAllowed";
import { canAccess, type Section } from "@/lib/navigation";
import { useCurrentUser } from "@/lib/session";

/** Renders the page only for roles allowed in `section`; others get "Not allowed" at the same URL. */
export function RequireSection({ section, children }: { section: Section; children: ReactNode }) {
  const user = useCurrentUser();
  if (user === null) return null;
  return canAccess(user.role, section) ? <>{children}</> : <NotAllowed />;
}

import type { AnyRouter } from "@tanstack/react-router";

import { authStore } from "@/lib/session";

const SIGNED_OUT_PAGES = ["/login", "/forgot-password", "/reset-password"];

/**
 * When the session ends — signing out, a refresh token refused, another tab signing out — go to
 * the sign-in page. After an expiry the page to come back to rides along as `redirect`; after
 * signing out on purpose it does not (the next person to sign in may be someone else).
 */
export function watchSession(router: AnyRouter): () => void {
  let signedIn = authStore.getUser() !== null;
  return authStore.subscribe(() => {
    const now = authStore.getUser() !== null;
    if (signedIn && !now) {
      const { pathname, href } = router.state.location;
      if (!SIGNED_OUT_PAGES.includes(pathname)) {
        const redirect = authStore.lastEnd === "expired" ? href : undefined;
        void router.navigate({ to: "/login", search: { redirect }, replace: true });
      }
    }
    signedIn = now;
  });
}

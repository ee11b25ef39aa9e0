import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";

import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { Providers } from "@/app/providers";
import { createQueryClient } from "@/app/query-client";
import { createAppRouter } from "@/app/router";
import { watchSession } from "@/app/session-watch";
import { BRAND_NAME } from "@/lib/brand";
import { restoreSession } from "@/lib/session";

document.title = BRAND_NAME;
const queryClient = createQueryClient();
const router = createAppRouter(queryClient);
watchSession(router);
const root = createRoot(document.getElementById("root") as HTMLElement);

// Restore the session (a stored refresh token) before the first route decides where to go.
void restoreSession().finally(() => {
  root.render(
    <StrictMode>
      <Providers queryClient={queryClient}>
        <RouterProvider router={router} />
      </Providers>
    </StrictMode>,
  );
});

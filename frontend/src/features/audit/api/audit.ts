import type { components, operations } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

export type AuditEntry = components["schemas"]["AuditRead"];
export type AuditPage = components["schemas"]["Page_app.audit.routes.AuditRead_"];
export type AuditQuery = NonNullable<operations["listAuditEntries"]["parameters"]["query"]>;

export async function listAuditEntries(query: AuditQuery): Promise<AuditPage> {
  return expectData(await api.GET("/api/v1/audit", { params: { query } }));
}

import type { components } from "@/generated/api";
import { expectData } from "@/lib/api-client";
import { api } from "@/lib/session";

export type MailTemplate = components["schemas"]["MailTemplateRead"];
export type MailTemplateWrite = components["schemas"]["MailTemplateWrite"];
export type MailTemplateKind = MailTemplate["kind"];
export type MailTemplateSource = MailTemplate["source"];

export const MAIL_TEMPLATE_KINDS: readonly MailTemplateKind[] = ["low_credit", "spend_cap", "invoice_issued"];

export async function listMailTemplates(): Promise<MailTemplate[]> {
  return expectData(await api.GET("/api/v1/mail-templates"));
}

export async function putMailTemplate(kind: MailTemplateKind, body: MailTemplateWrite): Promise<MailTemplate> {
  return expectData(await api.PUT("/api/v1/mail-templates/{kind}", { params: { path: { kind } }, body }));
}

/** Drop the caller's own wording: the platform's (for a reseller) or the shipped default applies. */
export async function resetMailTemplate(kind: MailTemplateKind): Promise<void> {
  await api.DELETE("/api/v1/mail-templates/{kind}", { params: { path: { kind } } });
}

import type { Section } from "@/lib/navigation";

/**
 * The sections this build has pages for. A section of the navigation table that is not here
 * (its API has not landed yet) is left out of the navigation, so there is no dead link.
 */
export const AVAILABLE_SECTIONS: ReadonlySet<Section> = new Set<Section>([
  "dashboard",
  "users",
  "audit",
  "apiKeys",
  "profile",
  "preferences",
  "rateDecks",
  "plans",
  "clientRates",
  "quote",
  "destinations",
  "destinationGroups",
  "balance",
  "invoices",
  "billingRuns",
  "services",
  "invoicingProfile",
  "mailTemplates",
  "payments",
  "vouchers",
  "liveCalls",
  "cdrs",
  "cdrSummary",
  "trunkErrors",
  "sipUsers",
  "trunks",
  "trunkGroups",
]);

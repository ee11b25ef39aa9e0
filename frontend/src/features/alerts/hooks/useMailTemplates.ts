import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { listMailTemplates, putMailTemplate, resetMailTemplate, type MailTemplateKind, type MailTemplateWrite } from "../api/mailTemplates";

const MAIL_TEMPLATES = ["mail-templates"] as const;

export function useMailTemplates() {
  return useQuery({ queryKey: MAIL_TEMPLATES, queryFn: listMailTemplates });
}

export function useSaveMailTemplate(kind: MailTemplateKind) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MailTemplateWrite) => putMailTemplate(kind, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: MAIL_TEMPLATES }),
  });
}

export function useResetMailTemplate(kind: MailTemplateKind) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: () => resetMailTemplate(kind), onSuccess: () => queryClient.invalidateQueries({ queryKey: MAIL_TEMPLATES }) });
}

"use client";
// The dashboard editors' save: one form creates a new item or updates the one it was opened on, so
// it holds both mutations and shows the errors of the one its mode calls. Saving either way
// refreshes the editor's list and reports "<Noun> created." or "<Noun> saved." to the page.
import { useQueryClient, type QueryKey, type UseMutationOptions } from "@tanstack/react-query";
import { sentenceErrors } from "@/components/ui/form-errors";
import { useFormMutation } from "@/components/ui/use-form-mutation";

export function useSaveMutations<CD, CE, CV, CC, UD, UE, UV, UC>(
  create: UseMutationOptions<CD, CE, CV, CC>,
  update: UseMutationOptions<UD, UE, UV, UC>,
  { editing, listKey, noun, onDone }: { editing: boolean; listKey: QueryKey; noun: string; onDone: (msg: string) => void },
) {
  const qc = useQueryClient();
  const saved = () => {
    void qc.invalidateQueries({ queryKey: listKey });
    onDone(editing ? `${noun} saved.` : `${noun} created.`);
  };
  const c = useFormMutation<CD, CE, CV, CC>(
    { ...create, onSuccess: (...a) => (saved(), create.onSuccess?.(...a)) },
    { read: sentenceErrors },
  );
  const u = useFormMutation<UD, UE, UV, UC>(
    { ...update, onSuccess: (...a) => (saved(), update.onSuccess?.(...a)) },
    { read: sentenceErrors },
  );
  const save = editing ? u : c;
  return { create: c, update: u, errors: save.errors, fail: save.fail, pending: c.isPending || u.isPending };
}

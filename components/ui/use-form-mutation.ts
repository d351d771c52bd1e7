"use client";
// A mutation whose failure feeds a form: the errors live beside the mutation, so a form needs no
// error state of its own and no onError of its own. They clear when the next call starts (the
// user sees the old message go as they resubmit) and when a call succeeds.
import { useMutation, type UseMutationOptions } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { NO_ERRORS, formErrors, type FormErrors } from "./form-errors";

export function useFormMutation<TData, TError, TVariables, TContext>(
  options: UseMutationOptions<TData, TError, TVariables, TContext>,
  // sentenceErrors keeps a form's one-line message where it shows no per-field errors.
  { read = formErrors }: { read?: (e: unknown) => FormErrors } = {},
) {
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const mutation = useMutation<TData, TError, TVariables, TContext>({
    ...options,
    onMutate: (...args) => {
      setErrors(NO_ERRORS);
      return options.onMutate?.(...args) as TContext | Promise<TContext>;
    },
    onSuccess: (...args) => {
      setErrors(NO_ERRORS);
      return options.onSuccess?.(...args);
    },
    onError: (...args) => {
      setErrors(read(args[0]));
      return options.onError?.(...args);
    },
  });
  // Clears the errors only: a call still running goes on and keeps its pending state.
  const reset = useCallback(() => setErrors(NO_ERRORS), []);
  // A check made in the browser before calling shows the way the server's refusal would.
  const fail = useCallback((form: string, fields: Record<string, string> = {}) => setErrors({ form, fields }), []);
  return {
    ...mutation,
    errors,
    fieldError: (name: string): string | undefined => errors.fields[name],
    reset,
    fail,
  };
}

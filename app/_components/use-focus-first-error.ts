"use client";

import { useEffect, useRef } from "react";
import type { FormState } from "./form-state";

/** After an answer with errors, moves focus to the first invalid field, else to the form's message. */
export function useFocusFirstError(state: FormState) {
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const form = formRef.current;
    if (!form || !state.at || state.tone === "info") return;
    const target =
      form.querySelector<HTMLElement>("[aria-invalid=true]") ?? form.querySelector<HTMLElement>("[role=alert]");
    if (target) {
      if (!target.matches("input, select, textarea")) target.tabIndex = -1;
      target.focus();
    }
  }, [state]);
  return formRef;
}

"use client";

import { useActionState } from "react";
import { FormAlert } from "@/app/_components/form-alert";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { ReasonFields } from "@/app/admin/_components/reason-fields";
import { internationalOffAction, type InternationalOffState } from "@/app/admin/lines/[number]/actions";

/**
 * Turns a line's 「国際電話の利用」 off, with the operator's reason and ticket; back to the page it was sent from (the
 * customer's or the line's). A plain form, so it works without JavaScript too.
 */
export function InternationalOffForm({ number, back }: { number: string; back: "customer" | "line" }) {
  const [state, formAction] = useActionState(internationalOffAction, {} as InternationalOffState);
  const formRef = useFocusFirstError(state);
  const headingId = `international-off-${number}-heading`;
  return (
    <section aria-labelledby={headingId} className="space-y-3 rounded border border-brand-100 bg-white p-5">
      <h3 id={headingId} className="font-bold text-brand-800">
        {`${number} の国際電話の利用をオフにする`}
      </h3>
      <p>
        すぐに国際電話をかけられなくなります。お客様にメールでお知らせします。オンに戻せるのはお客様ご本人だけです。
      </p>
      <form ref={formRef} action={formAction} className="space-y-4" noValidate>
        <FormAlert message={state.message} />
        <input type="hidden" name="number" value={number} />
        <input type="hidden" name="back" value={back} />
        <ReasonFields prefix={`international-off-${number}`} errors={state.fieldErrors} />
        <SubmitButton pendingLabel="送信しています…" variant="secondary">
          国際電話の利用をオフにする
        </SubmitButton>
      </form>
    </section>
  );
}

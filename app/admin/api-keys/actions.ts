"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/app/_components/form-state";
import { requireOperatorNow } from "@/lib/auth/guards";
import { requestMeta } from "@/lib/http/current-request";
import { createApiKey, revokeKey } from "@/lib/provisioning/api/keys";
import { now } from "@/lib/server/clock";
import { type ApiKeyField, apiKeySchema } from "@/lib/validation/api-key";

/** The form's answer; `created` carries the new key, which this answer alone ever shows. */
export type ApiKeyFormState = FormState<ApiKeyField> & { created?: { name: string; key: string } };

export async function createApiKeyAction(_previous: ApiKeyFormState, formData: FormData): Promise<ApiKeyFormState> {
  const session = await requireOperatorNow("api-keys.manage");
  const values = { name: String(formData.get("name") ?? ""), scope: String(formData.get("scope") ?? "") };
  const parsed = apiKeySchema.safeParse(values);
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, values, at: Date.now() };
  const created = await createApiKey({ ...parsed.data, createdBy: session.user.id, meta: await requestMeta() });
  if (!created.ok) {
    return {
      fieldErrors: { name: ["同じ名前の有効なキーがあります。別の名前にするか、先にそのキーを失効させてください。"] },
      values,
      at: Date.now(),
    };
  }
  // The list below the form shows the new key's row; the key itself is in this answer only.
  revalidatePath("/admin/api-keys");
  return { created: { name: parsed.data.name, key: created.key }, at: Date.now() };
}

/** Revokes a key after the page's confirmation; audited. Its next request is refused. */
export async function revokeApiKeyAction(formData: FormData): Promise<void> {
  const session = await requireOperatorNow("api-keys.manage");
  const id = z.uuid().safeParse(formData.get("keyId"));
  if (!id.success) redirect("/admin/api-keys");
  const revoked = await revokeKey({ id: id.data, by: session.user.id, meta: await requestMeta(), now: now() });
  redirect(`/admin/api-keys?revoked=${revoked ? "1" : "0"}`);
}

"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/app/_components/form-state";
import { requireOperatorNow } from "@/lib/auth/guards";
import { requestImportApply } from "@/lib/operators/approvals";
import { checkImport } from "@/lib/provisioning/console-import";
import { now } from "@/lib/server/clock";
import { displayFileName, importUploadSchema } from "@/lib/validation/import-upload";
import { operatorReasonFieldNames, parseOperatorReason } from "@/lib/validation/operator-reason";

export type ImportUploadState = FormState<"file" | "encoding">;

/** Checks an uploaded CSV by a dry run (nothing is written but the import's own record) and opens its result. */
export async function uploadImportAction(_state: ImportUploadState, formData: FormData): Promise<ImportUploadState> {
  const session = await requireOperatorNow("imports.manage");
  const parsed = importUploadSchema.safeParse({ file: formData.get("file"), encoding: formData.get("encoding") });
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors;
    return { message: "取り込めませんでした。内容をご確認ください。", fieldErrors, at: Date.now() };
  }
  const { file, encoding } = parsed.data;
  const checked = await checkImport({
    bytes: new Uint8Array(await file.arrayBuffer()),
    fileName: displayFileName(file.name),
    encoding,
    adminId: session.user.id,
    now: now(),
  });
  if ("error" in checked) {
    return {
      message: "取り込めませんでした。内容をご確認ください。",
      fieldErrors: { file: [checked.error] },
      at: Date.now(),
    };
  }
  redirect(`/admin/imports/${checked.id}`);
}

export type ImportRequestState = FormState<(typeof operatorReasonFieldNames)[number]>;

/**
 * 「反映を申請する」: asks a second admin to apply a checked import (/admin/approvals); it is applied, once, when they
 * approve. With the requester's reason and ticket.
 */
export async function requestImportApplyAction(
  _state: ImportRequestState,
  formData: FormData,
): Promise<ImportRequestState> {
  const session = await requireOperatorNow("imports.manage");
  const id = z.uuid().safeParse(formData.get("importId"));
  if (!id.success) redirect("/admin/imports");
  const why = parseOperatorReason(formData);
  if (!why.success) {
    const fieldErrors = z.flattenError(why.error).fieldErrors;
    return { message: "入力内容を確認してください。", fieldErrors, at: Date.now() };
  }
  const outcome = await requestImportApply({
    importId: id.data,
    operatorId: session.user.id,
    why: why.data,
    now: now(),
  });
  redirect(`/admin/imports/${id.data}?requested=${outcome.kind}`);
}

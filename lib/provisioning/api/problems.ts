// Every problem the provisioning API answers (RFC 9457), in one place: docs/provisioning.md lists the same types.
import type { z } from "zod";
import { type FieldProblem, problemResponse, problemType } from "@/lib/http/problem-details";

const problem = (slug: string, status: number, title: string, detail: string, extra: object = {}, headers = {}) =>
  problemResponse({ type: problemType(slug), title, status, detail, ...extra }, headers);

/** A zod failure's issues as field reasons: `pointer` into the body, or the parameter's name. */
export function fieldProblems(error: z.ZodError, where: { body: true } | { parameter: string }): FieldProblem[] {
  return error.issues.map((issue) => {
    if ("parameter" in where) {
      const name = issue.path.length > 0 ? String(issue.path[0]) : where.parameter;
      return { parameter: name, reason: issue.message };
    }
    return {
      pointer: `/${issue.path.map((part) => String(part).replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`,
      reason: issue.message,
    };
  });
}

export const problems = {
  invalid: (errors: FieldProblem[]) =>
    problem("validation", 400, "入力内容に誤りがあります", "各項目の理由は errors をご覧ください。", { errors }),
  badJson: () => problem("malformed-json", 400, "JSONとして読めません", "本文を正しいJSONで送ってください。"),
  unauthorized: () =>
    problem(
      "unauthorized",
      401,
      "APIキーが必要です",
      "有効なAPIキーを Authorization: Bearer で送ってください。",
      {},
      { "www-authenticate": 'Bearer realm="provisioning"' },
    ),
  forbidden: () =>
    problem(
      "read-only-key",
      403,
      "このキーでは変更できません",
      "読み取り専用のAPIキーです。読み書きできるキーをお使いください。",
    ),
  notFound: (detail: string) => problem("not-found", 404, "見つかりません", detail),
  selfCareIdTaken: () =>
    problem("self-care-id-taken", 409, "セルフケアIDが使われています", "このセルフケアIDは別のお客様が使っています。"),
  numberHeld: () => problem("number-held", 409, "番号が使われています", "この番号は別のお客様の回線です。"),
  numberInQuarantine: (availableAt: Date | undefined) =>
    problem(
      "number-in-quarantine",
      409,
      "番号が解約後の保留期間中です",
      "この番号は解約後の保留期間中のため、別のお客様には割り当てられません。",
      availableAt ? { availableAt: availableAt.toISOString() } : {},
    ),
  lineTerminated: () => problem("line-terminated", 409, "解約済みの回線です", "解約した回線は変更できません。"),
  tooLarge: (maxBytes: number) =>
    problem("payload-too-large", 413, "本文が大きすぎます", `本文は${maxBytes}バイト以内で送ってください。`),
  unsupportedMediaType: () =>
    problem("unsupported-media-type", 415, "JSONで送ってください", "Content-Type: application/json で送ってください。"),
  unknownCustomer: () =>
    problem(
      "unknown-customer",
      422,
      "お客様が登録されていません",
      "先にお客様を登録してください（PUT /customers/{externalId}）。",
      {
        errors: [{ pointer: "/customerExternalId", reason: "このお客様番号のお客様は登録されていません。" }],
      },
    ),
  idempotencyKeyReused: () =>
    problem(
      "idempotency-key-reused",
      422,
      "Idempotency-Key が別の内容で使われています",
      "同じ Idempotency-Key は同じ内容の再送にだけ使えます。新しい内容には新しいキーをお使いください。",
    ),
  tooManyRequests: (retryAfterSeconds: number) =>
    problem(
      "rate-limited",
      429,
      "リクエストが多すぎます",
      `${retryAfterSeconds}秒後にもう一度お試しください。`,
      {},
      { "retry-after": String(retryAfterSeconds) },
    ),
  internal: () =>
    problem(
      "internal",
      500,
      "処理できませんでした",
      "時間をおいてもう一度お試しください。問題が続くときはご連絡ください。",
    ),
};

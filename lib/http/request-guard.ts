// Refusals made before any application code runs: undecodable paths, oversized or unsized bodies, posts from other sites.
import { IMPORT_BODY_MAX_BYTES } from "@/lib/validation/limits";
import { isProvisioningApiPath, problemResponse, problemType } from "./problem-details";

/** The largest form (the password change) is well under 2 KB; anything near this is not a person typing. */
export const MAX_BODY_BYTES = 16 * 1024;

/** The one form that uploads a file: the console's CSV import (an admin's; the proxy sends anyone else away). */
const bodyLimit = (path: string) => (path === "/admin/imports" ? IMPORT_BODY_MAX_BYTES : MAX_BODY_BYTES);

const page = (status: number, title: string, message: string) =>
  new Response(
    `<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} | IP加入電話 セルフケア</title></head>` +
      `<body><main><h1>${title}</h1><p>${message}</p><p><a href="/">トップページへ戻る</a></p></main></body></html>`,
    { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } },
  );

/** The provisioning API's callers are programs: they get the same refusal as problem details. */
const apiProblem = (status: number, title: string, message: string) =>
  problemResponse({ type: problemType(`http-${status}`), title, status, detail: message });

/** A refusal for a request that carries a body it should not, or null to let it through. */
export function rejectRequest(request: Request): Response | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(request.url).pathname);
  } catch {
    return page(400, "ページが見つかりません", "URLが正しくありません。アドレスをご確認ください。");
  }
  const refuse = isProvisioningApiPath(pathname) ? apiProblem : page;
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return null;

  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (origin && origin !== "null" && URL.canParse(origin) && new URL(origin).host !== host) {
    return refuse(
      403,
      "送信を受け付けられません",
      "他のサイトから送信されたフォームは受け付けていません。このサイトの画面から操作してください。",
    );
  }
  if (origin === "null") {
    return refuse(
      403,
      "送信を受け付けられません",
      "この画面からの送信は受け付けていません。このサイトの画面から操作してください。",
    );
  }

  const length = request.headers.get("content-length");
  if (length === null) {
    // Browsers always size form posts; a chunked body could be of any length. No body at all is fine.
    if (request.headers.has("transfer-encoding"))
      return refuse(411, "送信を受け付けられません", "送信内容の長さが不明なため、受け付けられませんでした。");
    return null;
  }
  if (!/^\d+$/.test(length) || Number(length) > bodyLimit(new URL(request.url).pathname)) {
    return refuse(
      413,
      "送信内容が大きすぎます",
      "入力内容が長すぎるため、受け付けられませんでした。各項目の入力内容をご確認のうえ、もう一度お試しください。",
    );
  }
  return null;
}

// 「印刷（PDF）」: the letters as one PDF download. A POST, never a GET: printing wipes the sealed secrets, so a link,
// a prefetch or another site's page must not trigger it. The proxy refuses a cross-site post (lib/http/request-guard.ts)
// and the session cookie is SameSite=Lax, so another site's form cannot send it either.
import { NextResponse } from "next/server";
import { requireOperatorNow } from "@/lib/auth/guards";
import { env } from "@/lib/env";
import { requestMeta } from "@/lib/http/current-request";
import { printLetters, type LetterSelection } from "@/lib/provisioning/letters";
import { now } from "@/lib/server/clock";
import { printLettersSchema } from "@/lib/validation/letters";

const back = (request: Request, notice: string) =>
  NextResponse.redirect(new URL(`/admin/letters?notice=${notice}`, request.url), 303);

export async function POST(request: Request) {
  const session = await requireOperatorNow("letters.print");
  const form = await request.formData();
  const parsed = printLettersSchema.safeParse({
    scope: form.get("scope") ?? undefined,
    customer: form.get("customer") ?? undefined,
    ids: form.getAll("ids"),
  });
  if (!parsed.success) return back(request, "none-selected");
  const selection: LetterSelection =
    "ids" in parsed.data ? { kind: "customers", ids: parsed.data.ids } : { kind: "waiting" };
  const at = now();
  const printed = await printLetters({
    selection,
    adminId: session.user.id,
    operator: session.user.name ?? session.user.id,
    // The address the customer types: the deployment's own (APP_URL), else the one this console was reached at.
    signInUrl: `${env().relyingParty?.origin ?? new URL(request.url).origin}/login`,
    meta: await requestMeta(),
    now: at,
  });
  if (!printed) return back(request, "none-waiting");
  const stamp = at.toISOString().replace(/[-:]/g, "").slice(0, 13);
  return new Response(new Uint8Array(printed.pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="letters-${stamp}-${printed.count}.pdf"`,
      "Cache-Control": "no-store",
      "X-Letter-Count": String(printed.count),
    },
  });
}

import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { listOutboxEmails } from "@/db/queries/outbox";
import { env } from "@/lib/env";
import { outboxEnabled } from "@/lib/mail";
import { formatJst } from "@/lib/jst";
import { isTestRequest } from "@/lib/http/request-secrets";

export const metadata: Metadata = { title: "開発用メールボックス" };

export default async function MailboxPage() {
  if (!outboxEnabled()) notFound();
  // A test-mode server lets only its own run read the codes.
  const { mode, testSecret } = env();
  if (mode === "test" && !isTestRequest(await headers(), testSecret)) notFound();
  const emails = await listOutboxEmails();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">開発用メールボックス</h1>
      <p className="text-sm text-muted">
        {mode === "preview"
          ? "プレビュー環境のため、example.jp などの例示用アドレス宛てのメールはここに保存され、それ以外の宛先には送信されません（本番環境では表示されません）。"
          : "RESEND_API_KEY が未設定のため、送信したメールはここに保存されています（本番環境では表示されません）。"}
      </p>
      {emails.length === 0 && <p>メールはまだありません。</p>}
      <ol className="space-y-4">
        {emails.map((email) => (
          <li key={email.id} className="rounded border border-brand-100 bg-white p-4" data-testid="mail">
            <h2 className="font-bold">{email.subject}</h2>
            <p className="text-sm text-muted">
              宛先 <span data-testid="mail-to">{email.to}</span> ・ {formatJst(email.createdAt)}
            </p>
            <pre className="mt-2 whitespace-pre-wrap break-words text-sm" data-testid="mail-text">
              {email.text}
            </pre>
          </li>
        ))}
      </ol>
    </div>
  );
}

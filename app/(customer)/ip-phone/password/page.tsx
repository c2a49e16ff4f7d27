import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { requireCustomer } from "@/app/_lib/guards";
import { listLinesOf } from "@/db/queries/customers";
import { serviceNames } from "@/lib/reflection";
import { generateSipPassword } from "@/lib/sip-password";
import { ChangeForm } from "./change-form";
import { ChangeNotices } from "./notices";

export const metadata: Metadata = { title: "IP加入電話パスワード変更" };

export default async function PasswordChangePage() {
  const session = await requireCustomer();
  const lines = await listLinesOf(session.user.id);

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">IP加入電話パスワード変更</h1>
      <p className="leading-relaxed">
        ここでは、IP加入電話パスワードを変更できます。入力できる文字は、半角英小文字と数字のみです。
      </p>
      {lines.length > 0 && (
        <p className="text-sm">
          ご契約中の番号：
          {lines.map((line) => `${line.number}（${serviceNames[line.serviceKind]}）`).join("、")}
        </p>
      )}
      <ChangeForm
        requestToken={randomUUID()}
        lines={lines.map((line) => ({ number: line.number, label: serviceNames[line.serviceKind] }))}
        suggestion={generateSipPassword()}
      />
      <ChangeNotices />
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { requireAnyOperator } from "@/lib/auth/guards";
import { can, operatorActions, roleNames, type OperatorAction } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "権限がありません（運用コンソール）" };

/** Where the console's guard sends an operator whose role does not allow what they asked for. */
export default async function DeniedPage() {
  const session = await requireAnyOperator();
  const role = session.user.role;
  const allowed = (Object.keys(operatorActions) as OperatorAction[]).filter((action) => can(role, action));
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold text-brand-800">この操作の権限がありません</h1>
      <p role="alert">
        あなたの役割（{roleNames[role]}
        ）では、この画面を開くことや、この操作をすることはできません。必要な場合は管理者に依頼してください。
      </p>
      <h2 className="text-lg font-bold text-brand-800">この役割でできること</h2>
      <ul className="list-disc pl-6">
        {allowed.map((action) => (
          <li key={action}>{operatorActions[action]}</li>
        ))}
      </ul>
      <p>
        <Link href="/admin/changes" className="text-brand-700 underline">
          パスワード変更の状況に戻る
        </Link>
      </p>
    </div>
  );
}

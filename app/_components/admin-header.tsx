import Link from "next/link";
import type { OperatorRole } from "@/db/enums";
import { can, type OperatorAction } from "@/lib/auth/permissions";

/** The console's pages, each shown only to a role that may open it (the pages check again on the server). */
const links: { href: string; label: string; action?: OperatorAction }[] = [
  { href: "/admin/customers", label: "お客様の検索", action: "customers.read" },
  { href: "/admin/international-bursts", label: "国際発信の異常", action: "customers.read" },
  { href: "/admin/changes", label: "パスワード変更の状況", action: "changes.read" },
  { href: "/admin/imports", label: "CSV取り込み", action: "imports.manage" },
  { href: "/admin/letters", label: "サービス開始のご案内", action: "letters.print" },
  { href: "/admin/api-keys", label: "APIキー", action: "api-keys.manage" },
  { href: "/admin/approvals", label: "承認待ちの操作", action: "approvals.decide" },
  { href: "/admin/operators", label: "オペレーター", action: "operators.manage" },
  { href: "/admin/operators/trail", label: "操作記録", action: "operators.read-trail" },
  { href: "/admin/account/passkeys", label: "パスキー" },
];

/**
 * The operator console's own header: what this is and where it leads for the signed-in operator's role, with no
 * words meant for customers.
 */
export function AdminHeader({ role, children }: { role: OperatorRole; children?: React.ReactNode }) {
  return (
    <header className="border-b-4 border-brand-600 bg-brand-800 text-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
          <Link href="/admin/changes" className="block font-bold text-white no-underline hover:underline">
            <span className="block text-xs font-normal text-brand-100">IP加入電話 セルフケア</span>
            <span className="block text-lg">運用コンソール</span>
          </Link>
          <nav aria-label="運用メニュー" className="flex flex-wrap gap-x-5 gap-y-1">
            {links
              .filter((link) => !link.action || can(role, link.action))
              .map((link) => (
                <Link key={link.href} href={link.href} className="text-white underline underline-offset-4">
                  {link.label}
                </Link>
              ))}
          </nav>
        </div>
        {children}
      </div>
    </header>
  );
}

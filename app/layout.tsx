import type { Metadata, Viewport } from "next";
import { getSession } from "@/lib/auth/next-auth";
import { homeFor } from "@/lib/auth/config";
import { AccountBar } from "./_components/account-bar";
import { AdminHeader } from "./_components/admin-header";
import { PreviewSweep } from "./_components/preview-sweep";
import { SiteFooter } from "./_components/site-footer";
import { SupportContact } from "./_components/support-contact";
import { SiteHeader } from "./_components/site-header";
import "./globals.css";
import { isOperatorRole } from "@/db/enums";

export const metadata: Metadata = {
  title: { default: "カスタマー・セルフケア・サービス | IP加入電話", template: "%s | IP加入電話 セルフケア" },
  description: "IP加入電話（050番号）のセルフケアサービス。IP加入電話パスワードの変更ができます。",
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const session = await getSession();
  // Operators get a console of their own: its header, and the width a table of changes needs.
  const role = session?.user.role;
  const admin = role !== undefined && isOperatorRole(role);
  return (
    <html lang="ja">
      <body className="flex min-h-screen flex-col font-sans antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:bg-white focus:px-3 focus:py-2"
        >
          本文へ移動
        </a>
        {admin ? (
          <AdminHeader role={role}>
            <AccountBar />
          </AdminHeader>
        ) : (
          <SiteHeader home={session ? homeFor(session.user.role) : "/"}>
            <AccountBar />
          </SiteHeader>
        )}
        <main
          id="main"
          className={`mx-auto w-full flex-1 px-4 py-6 sm:px-6 sm:py-8 ${admin ? "max-w-7xl" : "max-w-4xl"}`}
        >
          {children}
        </main>
        <SiteFooter contact={admin ? undefined : <SupportContact />} wide={admin} />
        <PreviewSweep />
      </body>
    </html>
  );
}

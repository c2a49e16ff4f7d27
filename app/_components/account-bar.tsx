import { getSession } from "@/auth";
import { signOutEverywhere } from "./sign-out";

/** The signed-in person's name and the sign-out button, on every page's header. */
export async function AccountBar() {
  const session = await getSession();
  if (!session) return null;
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      <span>
        {session.user.name} 様{session.user.role === "admin" && <span className="ml-1 font-bold">（管理者）</span>}
      </span>
      <form action={signOutEverywhere}>
        <button
          type="submit"
          className="min-h-11 rounded border border-brand-700 bg-white px-4 py-2 font-bold text-brand-700 hover:bg-brand-50"
        >
          ログアウト
        </button>
      </form>
    </div>
  );
}

import { getSession } from "@/lib/auth/next-auth";
import { signOutHere } from "@/lib/auth/sign-out";
import { isOperatorRole } from "@/db/enums";

/** The signed-in person and the sign-out button: a customer is addressed with 様, an operator is named plainly. */
export async function AccountBar() {
  const session = await getSession();
  if (!session) return null;
  const admin = isOperatorRole(session.user.role);
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      <span data-testid="account-name">{admin ? `ログイン中：${session.user.name}` : `${session.user.name} 様`}</span>
      <form action={signOutHere}>
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

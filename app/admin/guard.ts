import "server-only";
import { notFound, redirect } from "next/navigation";
import { getSession } from "@/auth";
import { SESSION_EXPIRED_PATH } from "@/auth.config";

/** Every admin page, route and action starts here: the proxy's redirect is never the only check. */
export async function requireAdmin() {
  const session = await getSession();
  if (!session) redirect(SESSION_EXPIRED_PATH);
  if (session.user.role !== "admin") notFound();
  return session;
}

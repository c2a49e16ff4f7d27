// Route protection only: reads the session JWT and redirects. Pages and actions check the session again.
import NextAuth from "next-auth";
import { authConfig } from "./auth.config";
import { env } from "./lib/env";

const { auth } = NextAuth(() => ({ ...authConfig, secret: env().authSecret }));

export default auth;

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};

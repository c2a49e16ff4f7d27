// The part of the next-auth setup the proxy can run: no database, no providers, only the JWT and route rules.
import type { NextAuthConfig } from "next-auth";

export const SESSION_IDLE_SECONDS = 30 * 60;

const customerOnly = ["/menu", "/ip-phone"];
const adminOnly = ["/admin"];
const signInPages = ["/login"];

const under = (path: string, prefixes: string[]) =>
  prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

export const homeFor = (role: "customer" | "admin") => (role === "admin" ? "/admin/changes" : "/menu");

export const authConfig = {
  trustHost: true,
  pages: { signIn: "/login" },
  // 30 minutes idle: every request through the proxy re-issues the token with a fresh expiry.
  session: { strategy: "jwt", maxAge: SESSION_IDLE_SECONDS, updateAge: 0 },
  providers: [],
  callbacks: {
    authorized({ auth, request }) {
      const path = request.nextUrl.pathname;
      const role = auth?.user?.role;
      if (under(path, signInPages)) {
        return role ? Response.redirect(new URL(homeFor(role), request.nextUrl)) : true;
      }
      if (under(path, customerOnly)) {
        if (role === "admin") return Response.redirect(new URL(homeFor(role), request.nextUrl));
        return role === "customer";
      }
      if (under(path, adminOnly)) {
        if (role === "customer") return Response.redirect(new URL(homeFor(role), request.nextUrl));
        return role === "admin";
      }
      return true;
    },
    session({ session, token }) {
      session.user.id = token.id;
      session.user.role = token.role;
      return session;
    },
  },
} satisfies NextAuthConfig;

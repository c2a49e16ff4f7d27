// next-auth: the email one-time-code provider and the database-backed session checks.
import { cookies, headers } from "next/headers";
import { cache } from "react";
import NextAuth, { CredentialsSignin, type Session } from "next-auth";
import { loginContext } from "@/lib/auth/login-context";
import Credentials from "next-auth/providers/credentials";
import { getSessionState } from "@/db/queries/customers";
import { encodeCodeRejection, type CodeRejection } from "@/lib/auth/code-rejection";
import { FORWARDED_SESSION_HEADER, readForwardedSession } from "@/lib/auth/forwarded-session";
import { sessionLifetime } from "@/lib/auth/session-lifetime";
import { sessionStateOf } from "@/lib/auth/session-state";
import { verifyCode } from "@/lib/auth/code-step";
import { isSecureRequest, readCookie } from "@/lib/auth/cookies";
import { isConnectionError, markDatabaseUnavailable } from "@/lib/http/db-availability";
import { env } from "@/lib/env";
import { now } from "@/lib/server/clock";
import { log } from "@/lib/server/log";
import { codeSchema } from "@/lib/validation/login";
import { passkeyAnswerSchema } from "@/lib/validation/passkey";
import { signInWithPasskey } from "@/lib/auth/passkey-assertions";
import { relyingParty } from "@/lib/auth/passkey-flows";
import { authConfigFor } from "@/lib/auth/config";

/** The reason travels as `code` to the verify action, which decodes it and turns it into a message. */
class CodeRejected extends CredentialsSignin {
  constructor(rejection: CodeRejection) {
    super();
    this.code = encodeCodeRejection(rejection);
  }
}

const nextAuth = NextAuth(async (request) => {
  const secure = isSecureRequest(request?.headers ?? (await headers()));
  const base = authConfigFor(secure);
  return {
    ...base,
    secret: env().authSecret,
    providers: [
      Credentials({
        id: "email-otp",
        name: "メールによる二段階認証",
        credentials: { code: { label: "認証コード" } },
        async authorize(credentials) {
          const parsed = codeSchema.safeParse(credentials);
          if (!parsed.success) throw new CodeRejected({ reason: "format" });
          // The challenge comes from the httpOnly cookie set by the password step, never from the form.
          const binding = readCookie(await cookies(), "binding", secure);
          const result = await verifyCode(binding, parsed.data.code, await loginContext());
          if (!result.ok) throw new CodeRejected(result);
          const { customer } = result;
          return {
            id: customer.id,
            name: customer.displayName,
            role: customer.role,
            sessionVersion: customer.sessionVersion,
          };
        },
      }),
      // Passkeys: next-auth's own WebAuthn provider needs its database adapter and its HTTP endpoints, which this app
      // does not serve (it signs in through its own actions). This provider checks the passkey's answer to the
      // challenge bound to this browser (lib/auth/passkey-flows.ts) and then issues the same session as a code does.
      Credentials({
        id: "passkey",
        name: "パスキー",
        credentials: { response: { label: "パスキーの応答" } },
        async authorize(credentials) {
          const party = relyingParty();
          const parsed = passkeyAnswerSchema.safeParse(credentials);
          if (!party || !parsed.success) throw new CredentialsSignin();
          const context = await loginContext();
          const result = await signInWithPasskey({
            party,
            bindingToken: readCookie(await cookies(), "webauthn", secure),
            response: parsed.data.response,
            meta: context.meta,
            now: context.now,
          });
          if (!result.ok) throw new CredentialsSignin();
          const { owner } = result;
          return { id: owner.id, name: owner.displayName, role: owner.role, sessionVersion: owner.sessionVersion };
        },
      }),
    ],
    callbacks: {
      ...base.callbacks,
      async jwt({ token, user, trigger, session }) {
        if (user) {
          const signedInAt = Math.floor(now().getTime() / 1000);
          return { ...token, id: user.id!, role: user.role, sessionVersion: user.sessionVersion, signedInAt };
        }
        // This browser's own session after the customer changed the self-care password (lib/auth/self-care-password.ts):
        // the other sessions ended with the version bump, this one carries the new version. Only the app's server code
        // calls the update (next-auth's own endpoints are not served).
        const updated = (session as { user?: { sessionVersion?: unknown } } | undefined)?.user?.sessionVersion;
        if (trigger === "update" && typeof updated === "number") token = { ...token, sessionVersion: updated };
        // However busy, a session ends a fixed time after its sign-in.
        if (sessionLifetime({ role: token.role, signedInAt: token.signedInAt, now: now() }).ended) return null;
        // Signing out bumps the version: older tokens stop working although JWTs cannot be revoked. (A lock does not:
        // strangers can trigger one, and it must not end the owner's sessions.)
        let state: Awaited<ReturnType<typeof getSessionState>>;
        try {
          state = await getSessionState(token.id);
        } catch (error) {
          if (!isConnectionError(error)) throw error;
          // The database is down: next-auth would treat a throw as "signed out" and delete the cookie. Keep the token;
          // the page's own queries fail next and show the outage, and the version is checked once the database is back.
          markDatabaseUnavailable();
          return token;
        }
        if (!state || state.sessionVersion !== token.sessionVersion) return null;
        return { ...token, role: state.role };
      },
    },
    logger: {
      error(error) {
        // A rejected code is an expected answer, already in the audit trail; only real faults are logged.
        if (error instanceof CredentialsSignin) return;
        log.error({ event: "auth.error", err: error }, "next-auth reported an error");
      },
    },
  };
});

// No HTTP route serves next-auth's own endpoints: the app signs in and out through its server actions only, so
// there is no second sign-out that would leave the token valid, and no endpoint the app never uses.
export const { signIn, signOut, unstable_update: updateSession } = nextAuth;

/**
 * Uncached read for the login actions: the page they redirect to is rendered in the same request,
 * after signIn() set the cookie, and must not reuse a cached "signed out".
 */
export const readSessionUncached = () => nextAuth.auth();

/**
 * The session as the proxy decoded it for this request (lib/auth/forwarded-session.ts), checked against the
 * account's session version: through the few-second cache for page views, against the database for actions.
 * Without the proxy's word (a request it did not see) the cookie is decoded here, as next-auth does.
 */
async function sessionOf(check: "cached" | "fresh" | "by-action"): Promise<Session | null> {
  const forwarded = readForwardedSession((await headers()).get(FORWARDED_SESSION_HEADER), env().authSecret, Date.now());
  if (forwarded === undefined) return nextAuth.auth();
  if (forwarded === null) return null;
  const session: Session = {
    user: {
      id: forwarded.id,
      role: forwarded.role,
      name: forwarded.name,
      sessionVersion: forwarded.sessionVersion,
      signedInAt: forwarded.signedInAt,
    },
    expires: new Date(forwarded.expires * 1000).toISOString(),
  };
  // The action reads the account's version in its own first statement and does nothing unless it matches.
  if (check === "by-action") return session;
  let state: Awaited<ReturnType<typeof sessionStateOf>>;
  try {
    state = await sessionStateOf(forwarded.id, { fresh: check === "fresh", expectedVersion: forwarded.sessionVersion });
  } catch (error) {
    if (!isConnectionError(error)) throw error;
    // As the jwt callback above: the page's own queries fail next and show the outage.
    markDatabaseUnavailable();
    return session;
  }
  if (!state || state.sessionVersion !== forwarded.sessionVersion) return null;
  const { role, mustChangePassword, mustRegisterPasskey } = state;
  return { ...session, user: { ...session.user, role, mustChangePassword, mustRegisterPasskey } };
}

/** The current session for a page, read once per request. */
export const getSession = cache(() => sessionOf("cached"));

/** The current session for an action or a route that changes something: its version read from the database. */
export const getFreshSession = cache(() => sessionOf("fresh"));

/**
 * The session as the proxy decoded it, for an action that checks the account's session version itself, in the
 * statement that starts its work (a round trip fewer): the action must do nothing until that check has passed.
 */
export const getSessionCheckedByAction = cache(() => sessionOf("by-action"));

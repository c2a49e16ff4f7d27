import type { DefaultSession } from "next-auth";
import type { Role } from "@/db/enums";

declare module "next-auth" {
  interface User {
    role: Role;
    sessionVersion: number;
  }
  interface Session {
    user: {
      id: string;
      role: Role;
      sessionVersion?: number;
      signedInAt?: number;
      /** The account is on a generated password (lib/auth/guards.ts): known only once checked against the database. */
      mustChangePassword?: boolean;
      /** An operator with neither a passkey nor the code fallback (lib/auth/guards.ts): known once checked, as above. */
      mustRegisterPasskey?: boolean;
    } & DefaultSession["user"];
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    id: string;
    role: Role;
    sessionVersion: number;
    /** When the person signed in (epoch seconds): the session's absolute end counts from it (lib/auth/session-lifetime.ts). */
    signedInAt?: number;
  }
}

// Provisioning into the sip_credentials table, which Kamailio's auth_db reads through views (drizzle/0006), and the
// registrations in its usrloc table.
import { createHash } from "node:crypto";
import {
  cutOffLine,
  markRegistrationsPrevious,
  stagePendingHashes,
  upsertSipCredentials,
} from "@/db/queries/sip-credentials";
import { env } from "@/lib/env";
import type { Provisioner } from "./types";

const md5 = (value: string) => createHash("md5").update(value).digest("hex");

/** SIP digest (RFC 2617) pre-computed hashes: the registrar never needs the plaintext. */
export function digestHashes({
  username,
  domain,
  realm,
  password,
}: {
  username: string;
  domain: string;
  realm: string;
  password: string;
}) {
  return {
    ha1: md5(`${username}:${realm}:${password}`),
    ha1b: md5(`${username}@${domain}:${realm}:${password}`),
  };
}

export const kamailioProvisioner: Provisioner = {
  async apply(tx, credentials) {
    const domain = env().sipDomain;
    await upsertSipCredentials(
      tx,
      credentials.map(({ number, password, changeId, previousUntil }) => ({
        username: number,
        domain,
        changeId,
        previousUntil,
        ...digestHashes({ username: number, domain, realm: domain, password }),
      })),
    );
    // The devices registered so far used the password that is now the previous one.
    await markRegistrationsPrevious(tx, {
      usernames: credentials.filter((credential) => credential.previousUntil).map((credential) => credential.number),
      domain,
    });
  },
  cutOff(tx, { number, at }) {
    return cutOffLine(tx, { username: number, domain: env().sipDomain, at });
  },
  stagePending(tx, { number, password }) {
    const domain = env().sipDomain;
    const hashes = password === null ? null : digestHashes({ username: number, domain, realm: domain, password });
    return stagePendingHashes(tx, { username: number, domain, hashes });
  },
};

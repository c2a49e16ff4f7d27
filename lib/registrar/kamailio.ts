// Provisioning into the sip_credentials table, shaped like Kamailio's auth_db subscriber table.
import { createHash } from "node:crypto";
import { upsertSipCredentials } from "@/db/queries/sip-credentials";
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
      credentials.map(({ number, password, changeId }) => ({
        username: number,
        domain,
        changeId,
        ...digestHashes({ username: number, domain, realm: domain, password }),
      })),
    );
  },
};

// What development, previews and tests use where production states its own: the demo support contact, a placeholder
// sender, and secrets generated once per machine.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export type SupportContact = { name: string; phone: string; hours: string; url: string | undefined };

// Development, previews and tests only: production states its own (SUPPORT_PHONE is required there).
export const DEMO_SUPPORT: SupportContact = {
  name: "IP加入電話 サポートセンター",
  phone: "0120-000-050",
  hours: "9:00～18:00（年末年始を除く）",
  url: "https://support.example.jp/ip-phone/",
};

export type DevSecrets = { AUTH_SECRET: string; CREDENTIAL_ENCRYPTION_KEY: string; CRON_SECRET: string };

export const DEV_EMAIL_FROM = "IP加入電話 セルフケア <no-reply@selfcare.example.jp>";

/** Development secrets are random per machine and kept in DATA_DIR so sessions survive restarts. */
export function devSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, "dev-secrets.json");
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as DevSecrets;
  } catch {
    const secrets: DevSecrets = {
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      CREDENTIAL_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      CRON_SECRET: randomBytes(24).toString("base64url"),
    };
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}

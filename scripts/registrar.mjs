// The real registrar for the e2e run: Debian's kamailio, kamailio-postgres-modules and sip-tester (SIPp), installed
// with apt when missing (root on Debian), and a database of its own on the local PostgreSQL, migrated, seeded with
// the demo data and granted to the registrar's role (deploy/kamailio/grants.sql). e2e/registrar.spec.ts starts
// Kamailio and a portal server on it; this only prepares what they need, or says why the journey cannot run.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import postgres from "postgres";
import { ensurePackages } from "./ensure-packages.mjs";
import { run } from "./run.mjs";

const PACKAGES = ["kamailio", "kamailio-postgres-modules", "sip-tester"];
// "test" in the name: the portal's test mode and the seed's --reset below take only a throwaway database
// (lib/database-target.ts).
const DATABASE = "selfcare_registrar_test";

function localPostgres() {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  try {
    return execFileSync("bash", ["scripts/local-postgres.sh"], { stdio: ["ignore", "pipe", "inherit"] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

/** The environment for Playwright: the databases' addresses, or REGISTRAR_SKIPPED with the reason. */
export async function prepareRegistrar(testEnv) {
  const missing = ensurePackages(PACKAGES);
  if (missing.length > 0) {
    return {
      REGISTRAR_SKIPPED: `Debian packages ${missing.join(", ")} are missing and cannot be installed here (apt-get needs root on Debian)`,
    };
  }
  const server = localPostgres();
  if (!server) return { REGISTRAR_SKIPPED: "no PostgreSQL answers on 127.0.0.1:5432 and none can be installed here" };

  const admin = postgres(server, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${DATABASE} with (force)`);
    await admin.unsafe(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
  const portalUrl = new URL(server);
  portalUrl.pathname = `/${DATABASE}`;
  // A `database` parameter would override the path's name (postgres.js sends it in the startup message).
  portalUrl.searchParams.delete("database");
  run("npx", ["tsx", "scripts/seed.ts", "--reset"], {
    env: { ...testEnv, DATABASE_URL: portalUrl.href },
    label: `migrate and seed ${DATABASE} for the registrar journey`,
  });
  const owner = postgres(portalUrl.href, { max: 1, onnotice: () => {} });
  try {
    await owner.unsafe(fs.readFileSync("deploy/kamailio/grants.sql", "utf8"));
  } finally {
    await owner.end();
  }
  const registrarUrl = new URL(portalUrl.href);
  registrarUrl.username = "kamailio_registrar";
  registrarUrl.password = "";
  return { REGISTRAR_PORTAL_DATABASE_URL: portalUrl.href, REGISTRAR_DATABASE_URL: registrarUrl.href };
}

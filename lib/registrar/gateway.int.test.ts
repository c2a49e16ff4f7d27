// GATEWAY, the carrier's gateway, must be an IPv4 address and port (deploy/kamailio/kamailio.cfg): the carrier's
// requests are recognised by their source address, which a host name would never match, so Kamailio refuses to start.
// Kamailio itself, on the suite's PostgreSQL: skipped where either is missing (`npm run test:e2e` installs Kamailio).
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { testTargets } from "@/test/databases";
import { startKamailio } from "@/test/kamailio";
import { env } from "@/lib/env";

const postgres = testTargets().find((target) => target.name === "PostgreSQL");
const kamailioMissing = Boolean(spawnSync("kamailio", ["-v"], { stdio: "ignore" }).error);

describe.skipIf(!postgres || kamailioMissing)("the call control's GATEWAY", () => {
  let database: Database;
  beforeAll(async () => {
    database = await postgres!.open();
  });
  afterAll(async () => {
    await database.close();
  });

  const start = (gateway?: string) =>
    startKamailio({ databaseUrl: env().databaseUrl!, sipDomain: "sip.example.jp", gateway });

  it("refuses to start on a host name, saying why", async () => {
    await expect(start("gw.example.jp:5060")).rejects.toThrow(
      "GATEWAY must be an IPv4 address and port, such as 10.0.0.7:5060, not gw.example.jp:5060",
    );
  });

  it("refuses an address without its port", async () => {
    await expect(start("10.0.0.7")).rejects.toThrow("GATEWAY must be an IPv4 address and port");
  });

  it("starts on an address and port", async () => {
    const registrar = await start("127.0.0.1:5999");
    expect(registrar.running()).toBe(true);
    await registrar.stop();
  });

  it("starts without one (calls to other numbers are then refused)", async () => {
    const registrar = await start();
    expect(registrar.running()).toBe(true);
    await registrar.stop();
  });
});

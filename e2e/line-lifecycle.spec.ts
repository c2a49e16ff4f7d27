// A line's lifecycle reaching the real call control: provisioned through the API, registered by a phone, suspended
// (refused within a second, its registration gone), resumed (accepted again with the same password), terminated.
// scripts/test-e2e.mjs installs Kamailio and prepares the database (as for e2e/registrar.spec.ts).
import { createHash, randomBytes } from "node:crypto";
import postgres from "postgres";
import { expect, test } from "./fixtures";
import { startServer, type Server } from "./servers";
import { registerWithDigest, sipSocket, type SipSocket } from "./sip-client";
import { startKamailio, type Registrar } from "../test/kamailio";

const portalDatabase = process.env.REGISTRAR_PORTAL_DATABASE_URL;
const registrarDatabase = process.env.REGISTRAR_DATABASE_URL;
const DOMAIN = "sip.example.jp";
const NUMBER = "05077770001";
const KEY = `scp_${randomBytes(32).toString("base64url")}`;

test.describe("a line's lifecycle in the call control", () => {
  test.skip(
    !portalDatabase || !registrarDatabase,
    `Kamailio is not available: ${process.env.REGISTRAR_SKIPPED ?? "run the suite with npm run test:e2e, which prepares it"}`,
  );
  test.describe.configure({ mode: "serial" });

  let server: Server;
  let kamailio: Registrar;
  let sql: postgres.Sql;
  let socket: SipSocket;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    sql = postgres(portalDatabase!, { max: 2, onnotice: () => {} });
    // What an earlier run left: this spec's customer, line and key start afresh.
    await sql`delete from location where username = ${NUMBER}`;
    await sql`delete from sip_credentials where username = ${NUMBER}`;
    await sql`delete from customers where external_id = 'E2E-LIFE-1'`;
    await sql`delete from sip_bans where address = '127.0.3.1'`;
    await sql`delete from sip_auth_failures where username = ${NUMBER}`;
    await sql`insert into api_keys (name, scope, key_hash, key_prefix)
      values (${`lifecycle-${Date.now()}`}, 'write', ${createHash("sha256").update(KEY).digest("hex")}, ${KEY.slice(0, 10)})`;
    server = await startServer(3110, { DATABASE_URL: portalDatabase, DATA_DIR: undefined });
    kamailio = await startKamailio({ databaseUrl: registrarDatabase!, sipDomain: DOMAIN });
    socket = await sipSocket("127.0.3.1");
  });
  test.afterAll(async () => {
    socket?.close();
    await kamailio?.stop();
    server?.stop();
    await sql?.end();
  });

  const put = (path: string, body: unknown) =>
    fetch(`${server.baseURL}/api/provisioning/v1${path}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const registerPhone = async (password: string) =>
    (
      await registerWithDigest(
        socket,
        { host: "127.0.0.1", port: kamailio.port },
        { user: NUMBER, domain: DOMAIN, password, userAgent: "E2E-Lifecycle/1.0" },
      )
    ).answer?.status;
  const registrations = async () =>
    Number((await sql`select count(*)::integer as n from location where username = ${NUMBER}`)[0]!.n);
  const line = (status: string, suspensionReason?: string) => ({
    customerExternalId: "E2E-LIFE-1",
    serviceKind: "ip-phone",
    status,
    ...(suspensionReason ? { suspensionReason } : {}),
  });

  test("a provisioned line registers at once; suspended, it is refused within a second; resumed, it registers again", async () => {
    test.setTimeout(60_000);
    const customer = await put("/customers/E2E-LIFE-1", {
      selfCareId: "life0001",
      name: "回線 太郎",
      email: "life0001@example.jp",
    });
    expect(customer.status).toBe(201);
    const created = await put(`/lines/${NUMBER}`, line("active"));
    expect(created.status).toBe(201);
    const { sipPassword } = (await created.json()) as { sipPassword: string };

    // No reflection wait for a new line: its first password is in force as soon as the answer came.
    expect(await registerPhone(sipPassword)).toBe(200);
    expect(await registrations()).toBe(1);

    const suspended = await put(`/lines/${NUMBER}`, line("suspended", "fraud"));
    expect(suspended.status).toBe(200);
    // The very next REGISTER after the answer is refused: no cache or reload stands between (well within a second).
    expect(await registrations()).toBe(0);
    expect(await registerPhone(sipPassword)).toBe(403);
    // The registrar says `unknown-user`; the database files the customer's own phone as `inactive`, which never
    // counts toward banning its address for the customer's other lines (docs/security.md).
    const classes = await sql`select distinct class from sip_auth_failures where username = ${NUMBER}`;
    expect(classes.map((row) => row.class)).toEqual(["inactive"]);

    // Resumed: the registrar keeps a source's refused line in memory for 2 seconds (kamailio.cfg, LINE_HASHES), so the
    // phone's next attempt after that registers; a real phone retries far later than that.
    expect((await put(`/lines/${NUMBER}`, line("active"))).status).toBe(200);
    await expect.poll(() => registerPhone(sipPassword), { intervals: [500], timeout: 5_000 }).toBe(200);

    expect((await put(`/lines/${NUMBER}`, line("terminated"))).status).toBe(200);
    expect(await registrations()).toBe(0);
    expect(await registerPhone(sipPassword)).toBe(403);
    // Final: it cannot be brought back.
    expect((await put(`/lines/${NUMBER}`, line("active"))).status).toBe(409);
  });
});

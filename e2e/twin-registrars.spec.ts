// Two registrars of the project's configuration (deploy/kamailio/kamailio.cfg) on one database, as a deployment
// behind a DNS SRV record or a load balancer runs them (deploy/kamailio/README.md): a device registers through one
// and is called through the other (usrloc's db_mode 3 reads `location` at each lookup), an emergency change cuts the
// line off on both, and a ban one of them decides holds on the other (each reloads sip_bans_in_force every 5 s).
// scripts/test-e2e.mjs installs Kamailio and SIPp and prepares the database (as for e2e/registrar.spec.ts).
import postgres from "postgres";
import { expect, test } from "./fixtures";
import { provisionLine } from "./lines";
import { answerOne, placeCall, register } from "./registrar";
import { freeUdpPort, startKamailio, type Registrar } from "../test/kamailio";
import { openDatabase } from "../db/client";
import { cutOffLine } from "../db/queries/sip-credentials";

const portalDatabase = process.env.REGISTRAR_PORTAL_DATABASE_URL;
const registrarDatabase = process.env.REGISTRAR_DATABASE_URL;
const DOMAIN = "sip.example.jp";
const PASSWORD = "twin-reg-37";
/** Lines of this journey only: one per rule, so no registration or ban spills over. */
const LINES = { callee: "05090037001", caller: "05090037002", cutOff: "05090037003", guessed: "05090037004" } as const;

test.describe("two registrars on one database", () => {
  test.skip(
    !portalDatabase || !registrarDatabase,
    `Kamailio and SIPp are not available: ${process.env.REGISTRAR_SKIPPED ?? "run the suite with npm run test:e2e, which prepares them"}`,
  );
  test.describe.configure({ mode: "serial" });

  let sql: postgres.Sql;
  let a: Registrar;
  let b: Registrar;

  test.beforeAll(async () => {
    test.setTimeout(60_000);
    sql = postgres(portalDatabase!, { max: 1, onnotice: () => {} });
    for (const number of Object.values(LINES)) {
      await provisionLine(sql, { number, password: PASSWORD, domain: DOMAIN, international: false });
    }
    a = await startKamailio({ databaseUrl: registrarDatabase!, sipDomain: DOMAIN });
    b = await startKamailio({ databaseUrl: registrarDatabase!, sipDomain: DOMAIN });
  });
  test.afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await sql?.end();
  });

  const device = (number: string, { port, from }: { port?: number; from?: string } = {}) => ({
    number,
    domain: DOMAIN,
    userAgent: "E2E-Phone/twin",
    port,
    from,
  });
  /** A call from line `caller` to `callee` placed through `registrar`: whether the device on `devicePort` rang. */
  const callThrough = async (registrar: Registrar, callee: string, devicePort: number) => {
    const ringing = await answerOne(devicePort);
    const { status } = await placeCall(registrar, { caller: LINES.caller, password: PASSWORD, callee, domain: DOMAIN });
    return { status, rang: await ringing.stop() };
  };
  const registrations = async (number: string) =>
    Number((await sql`select count(*)::integer as n from location where username = ${number}`)[0]!.n);

  test("a device registered through one registrar receives a call placed through the other", async () => {
    const port = await freeUdpPort();
    expect(await register(a, { ...device(LINES.callee, { port }), password: PASSWORD })).toBe(200);
    // B has never seen the REGISTER: it finds the device in `location`.
    expect(await callThrough(b, LINES.callee, port)).toEqual({ status: 200, rang: true });
    // And the other way round.
    expect(await register(b, { ...device(LINES.callee, { port }), password: PASSWORD })).toBe(200);
    expect(await callThrough(a, LINES.callee, port)).toEqual({ status: 200, rang: true });
  });

  test("an emergency change cuts the line off on both: its password is refused and its registrations are gone", async () => {
    const [portA, portB] = [await freeUdpPort(), await freeUdpPort()];
    expect(await register(a, { ...device(LINES.cutOff, { port: portA }), password: PASSWORD })).toBe(200);
    expect(await register(b, { ...device(LINES.cutOff, { port: portB }), password: PASSWORD })).toBe(200);
    expect(await registrations(LINES.cutOff)).toBe(2);

    // What the portal's emergency change does at the request (lib/registrar/kamailio.ts, cutOff).
    const portal = await openDatabase({ url: portalDatabase! });
    try {
      await portal.db.transaction((tx) => cutOffLine(tx, { username: LINES.cutOff, domain: DOMAIN, at: new Date() }));
    } finally {
      await portal.close();
    }
    expect(await registrations(LINES.cutOff)).toBe(0);
    for (const registrar of [a, b]) {
      expect(await register(registrar, { ...device(LINES.cutOff), password: PASSWORD })).toBe(403);
      for (const port of [portA, portB]) {
        expect(await callThrough(registrar, LINES.cutOff, port)).toEqual({ status: 404, rang: false });
      }
    }
    expect(await registrations(LINES.cutOff)).toBe(0);
  });

  test("a ban decided on one registrar holds on the other, for that source and line only", async () => {
    test.setTimeout(90_000);
    const thief = "127.0.0.37";
    // The source registers on B with the right password until A bans it; B has seen none of the guesses.
    expect(await register(b, { ...device(LINES.guessed, { from: thief }), password: PASSWORD })).toBe(200);
    // Ten wrong passwords in a minute ban the pair; ten more at most when the first ten straddle a minute's turn.
    const banned = () => a.logs().includes(`${thief} banned: wrong-password`);
    for (let i = 0; i < 20 && !banned(); i++) {
      expect(await register(a, { ...device(LINES.guessed, { from: thief }), password: `guess${i}zz` })).toBe(403);
    }
    await expect.poll(banned).toBe(true);
    expect(await register(a, { ...device(LINES.guessed, { from: thief }), password: PASSWORD })).toBe(403);

    // B reloads the bans in force every 5 seconds: refused there too within that, the right password included.
    await expect
      .poll(() => register(b, { ...device(LINES.guessed, { from: thief }), password: PASSWORD }), {
        timeout: 30_000,
        intervals: [1_000],
      })
      .toBe(403);
    expect(b.logs()).toContain(`REGISTER for ${LINES.guessed} from ${thief} refused: banned`);
    expect(b.logs()).not.toContain(`from ${thief}:`);
    // The line from elsewhere, and the source for another line, are not banned.
    expect(await register(b, { ...device(LINES.guessed, { from: "127.0.0.38" }), password: PASSWORD })).toBe(200);
    expect(await register(b, { ...device(LINES.caller, { from: thief }), password: PASSWORD })).toBe(200);
  });
});

// The call control through restarts, on a PostgreSQL cluster of this spec's own (e2e/private-postgres.ts) so the
// shared server is never stopped: PostgreSQL restarting while devices register (Kamailio answers 503 while it is
// down, reconnects by itself, and every registration it answered 200 is in `location`), and Kamailio restarting
// (usrloc's db_mode 3 keeps the registrations in the database only, so a device is called again without registering
// again). The portal's side of an outage, 503 pages and recovery without a restart, is e2e/outage.spec.ts's.
// scripts/test-e2e.mjs installs Kamailio and SIPp (as for e2e/registrar.spec.ts).
import postgres from "postgres";
import { expect, test } from "./fixtures";
import { provisionLine } from "./lines";
import { postgresBinaries, startPrivatePostgres } from "./private-postgres";
import { answerOne, placeCall, register } from "./registrar";
import { freeUdpPort, startKamailio, type Registrar } from "../test/kamailio";

const DOMAIN = "sip.example.jp";
const PASSWORD = "faults-37";
const LINES = ["05090037101", "05090037102", "05090037103"] as const;
const bin = postgresBinaries();
/** The devices all register from 127.0.0.1, one after the other as fast as SIPp goes: not a flood to drop. */
const sourceRate = 1_000;

test.describe("the registrar through restarts", () => {
  test.skip(
    !process.env.REGISTRAR_DATABASE_URL,
    `Kamailio and SIPp are not available: ${process.env.REGISTRAR_SKIPPED ?? "run the suite with npm run test:e2e, which prepares them"}`,
  );
  test.skip(!bin, "PostgreSQL's server binaries are not installed (scripts/local-postgres.sh installs them)");
  test.describe.configure({ mode: "serial" });

  let cluster: Awaited<ReturnType<typeof startPrivatePostgres>>;
  let sql: postgres.Sql;
  let kamailio: Registrar;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    cluster = await startPrivatePostgres(bin!);
    sql = postgres(cluster.url, { max: 1, onnotice: () => {} });
    for (const number of LINES) {
      await provisionLine(sql, { number, password: PASSWORD, domain: DOMAIN, international: false });
    }
    kamailio = await startKamailio({ databaseUrl: cluster.registrarUrl, sipDomain: DOMAIN, sourceRate });
  });
  test.afterAll(async () => {
    await kamailio?.stop();
    await sql?.end();
    cluster?.remove();
  });

  const registerDevice = (number: string, port: number) =>
    register(kamailio, { number, password: PASSWORD, domain: DOMAIN, userAgent: "E2E-Phone/faults", port });
  /** Each registration in `location`: the line and the port of its Contact. */
  const registered = async () =>
    (await sql`select username, contact from location where username in ${sql([...LINES])}`)
      .map((row) => `${row.username} ${/:(\d+)>?$/.exec(String(row.contact))?.[1]}`)
      .sort();

  test("PostgreSQL restarting while devices register: 503 while it is down, back by itself, and every 200 in location", async () => {
    test.setTimeout(120_000);
    const answers: { device: string; status: number }[] = [];
    let stopped = false;
    /** Devices registering one after the other, each a line's device on a port of its own, until told to stop. */
    const registering = (async () => {
      for (let i = 0; !stopped; i++) {
        const number = LINES[i % LINES.length]!;
        const port = await freeUdpPort();
        // No answer at all throws: a device must never be left without one.
        answers.push({ device: `${number} ${port}`, status: await registerDevice(number, port) });
      }
    })();
    const statuses = () => answers.map((answer) => answer.status);
    try {
      await expect
        .poll(() => statuses().filter((status) => status === 200).length, { timeout: 30_000 })
        .toBeGreaterThanOrEqual(3);
      cluster.stop();
      const downAt = answers.length;
      // A REGISTER that reaches the registrar once the database is gone is answered 503 (Retry-After), not dropped.
      await expect.poll(() => statuses().slice(downAt).includes(503), { timeout: 30_000 }).toBe(true);
      // A wrong password meanwhile is answered as a right one is: nothing is decided from hashes still in memory
      // while no failure can be recorded, so the outage is no oracle for guesses.
      const guess = await register(kamailio, {
        number: LINES[0],
        password: "not-the-password",
        domain: DOMAIN,
        userAgent: "E2E-Phone/faults",
        port: await freeUdpPort(),
      });
      expect(guess).toBe(503);
      cluster.start();
      const upAt = answers.length;
      // The same Kamailio, not restarted, takes registrations again: its connections came back by themselves.
      await expect
        .poll(
          () =>
            statuses()
              .slice(upAt + 1)
              .filter((status) => status === 200).length,
          // Each worker's first query after the restart finds its connection dead (503) and reconnects.
          { timeout: 30_000 },
        )
        .toBeGreaterThanOrEqual(3);
    } finally {
      stopped = true;
      await registering;
    }
    expect(kamailio.running()).toBe(true);
    // Every answer is a registration (200) or a clean failure: 503 before the query, or 500 from save() when the
    // database went away between the query and the write. Never a refusal of the password.
    expect(statuses().filter((status) => ![200, 500, 503].includes(status))).toEqual([]);
    expect(kamailio.logs()).toContain("not decided: the database did not answer");
    // Nothing the registrar answered 200 is missing, and nothing it refused is there.
    // (Two devices of a line given the same free port are one registration.)
    const accepted = new Set(answers.filter((answer) => answer.status === 200).map((answer) => answer.device));
    expect(await registered()).toEqual([...accepted].sort());
    // The outage counted as nobody's failure: no line or source is any nearer a ban.
    const [failures] =
      await sql`select count(*)::integer as n from sip_auth_failures where username in ${sql([...LINES])}`;
    expect(failures!.n).toBe(0);
  });

  test("Kamailio restarting: the registrations stay in the database and a device is called again without registering", async () => {
    test.setTimeout(120_000);
    const [callee, caller] = LINES;
    const port = await freeUdpPort();
    expect(await registerDevice(callee, port)).toBe(200);
    const before = await registered();
    expect(before).toContain(`${callee} ${port}`);

    const listener = kamailio.port;
    await kamailio.stop();
    kamailio = await startKamailio({
      databaseUrl: cluster.registrarUrl,
      sipDomain: DOMAIN,
      sourceRate,
      port: listener,
    });
    expect(await registered()).toEqual(before);

    const ringing = await answerOne(port);
    const { status } = await placeCall(kamailio, { caller, password: PASSWORD, callee, domain: DOMAIN });
    const rang = await ringing.stop();
    expect(status).toBe(200);
    expect(rang).toBe(true);
  });
});

// Toll fraud stopped in the call control (issue #36), proven against the real Kamailio (deploy/kamailio/kamailio.cfg)
// with SIPp as the lines' phones and as the carrier's gateway: the outbound policy (international calls only when the
// line has them on, premium ranges and emergency numbers refused, dialled numbers read as Japan's numbering reads
// them), the caps held in memory (calls in progress, the longest international call), the velocity rule that turns a
// line's international calls off, and the call records acc writes. What the customer and the operators do and see
// goes through a portal server on the registrar's database: the customer turns 「国際電話の利用」 on with the emailed
// code, the burst is mailed and flagged in the console, and the calls placed here are in 「発着信履歴」.
// scripts/test-e2e.mjs installs Kamailio and SIPp and prepares the database (as for e2e/registrar.spec.ts).
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import postgres from "postgres";
import { serverSecrets } from "../test/server-env.mjs";
import { codeMailMark, demo, expect, latestMail, otherClient, signIn, test, testSecretHeader } from "./fixtures";
import { provisionLine } from "./lines";
import { callFromCarrier, gateway, placeCall, register } from "./registrar";
import { startServer, type Server } from "./servers";
import { freeUdpPort, startKamailio, type Registrar } from "../test/kamailio";
import { policyRefusals, type PolicyRefusal } from "../lib/calls/refusals";

const portalDatabase = process.env.REGISTRAR_PORTAL_DATABASE_URL;
const registrarDatabase = process.env.REGISTRAR_DATABASE_URL;
const DOMAIN = "sip.example.jp";
const PASSWORD = "toll-fraud-36";
/** The lines' customer: provisionLine gives them to the demo customer. */
const customer = demo.customer;
const support = { id: "support0001", password: "Support-pass-0001", email: "support0001@example.jp" };
/** Lines of this journey only (the demo lines are the other journeys'): one per rule, so no count spills over. */
const LINES = {
  policy: "05090036001",
  caps: "05090036002",
  burst: "05090036003",
  capped: "05090036004",
  table: "05090036005",
  callee: "05090036006",
} as const;
const DOMESTIC = "0312345678";
const cron = { Authorization: `Bearer ${serverSecrets.CRON_SECRET}` };
/** London through NTT Communications' carrier prefix and the international prefix: 0033-010-44-20-7123-4567. */
const LONDON_BY_CARRIER = "0033010442071234567";
const LONDON = "010442071234567";

/**
 * How each form of a number fares for a line without international calling (the normalisation rules), and
 * what the gateway receives: the number the policy judged, after the 184/186 dialled first (`sent`, else as dialled).
 */
const forms: { dialled: string; fate: "gateway" | "line" | PolicyRefusal; sent?: string }[] = [
  { dialled: DOMESTIC, fate: "gateway" },
  { dialled: `184${DOMESTIC}`, fate: "gateway" },
  { dialled: `186${DOMESTIC}`, fate: "gateway" },
  { dialled: `184184${DOMESTIC}`, fate: "gateway", sent: `184${DOMESTIC}` },
  { dialled: `0033${DOMESTIC}`, fate: "gateway", sent: DOMESTIC },
  { dialled: `009123${DOMESTIC}`, fate: "gateway", sent: DOMESTIC },
  { dialled: "00390612345678", fate: "gateway", sent: "0612345678" },
  { dialled: "+81312345678", fate: "gateway", sent: DOMESTIC },
  { dialled: "0081312345678", fate: "gateway", sent: DOMESTIC },
  { dialled: "01081312345678", fate: "gateway", sent: DOMESTIC },
  { dialled: `+81${LINES.callee.slice(1)}`, fate: "line" },
  // 184 to one of our numbers goes through the carrier, which withholds the caller's number.
  { dialled: `184${LINES.callee}`, fate: "gateway" },
  { dialled: "184184010442071234567", fate: "International Calls Off" },
  { dialled: LONDON_BY_CARRIER, fate: "International Calls Off" },
  { dialled: "001010442071234567", fate: "International Calls Off" },
  { dialled: "009123010442071234567", fate: "International Calls Off" },
  { dialled: LONDON, fate: "International Calls Off" },
  { dialled: "+442071234567", fate: "International Calls Off" },
  { dialled: "00442071234567", fate: "International Calls Off" },
  { dialled: "110", fate: "Emergency Calls Unavailable" },
  { dialled: "118", fate: "Emergency Calls Unavailable" },
  { dialled: "119", fate: "Emergency Calls Unavailable" },
  { dialled: "184110", fate: "Emergency Calls Unavailable" },
  { dialled: "0990123456", fate: "Number Not Allowed" },
  { dialled: "0570123456", fate: "Number Not Allowed" },
  { dialled: "0180123456", fate: "Number Not Allowed" },
  { dialled: "0067123456", fate: "Number Not Allowed" },
  { dialled: "00670312345678", fate: "Number Not Allowed" },
  { dialled: "00330570123456", fate: "Number Not Allowed" },
  { dialled: "+81570123456", fate: "Number Not Allowed" },
];

test.describe("toll fraud stopped in the call control", () => {
  test.skip(
    !portalDatabase || !registrarDatabase,
    `Kamailio and SIPp are not available: ${process.env.REGISTRAR_SKIPPED ?? "run the suite with npm run test:e2e, which prepares them"}`,
  );
  test.describe.configure({ mode: "serial" });

  let sql: postgres.Sql;
  /** The portal on the registrar's database (no other spec uses port 3109). */
  let server: Server;
  let address = 160;
  /** The policy as deployed (the defines' defaults). */
  let kamailio: Registrar;
  let gatewayPort: number;
  /** The longest international call cut to 3 seconds, and an emergency gateway configured. */
  let shortCalls: Registrar;
  let shortGatewayPort: number;
  let emergencyPort: number;
  /** The device of line `callee`, registered on the proxy with the defaults. */
  let devicePort: number;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    sql = postgres(portalDatabase!, { max: 2, onnotice: () => {} });
    server = await startServer(3109, { DATABASE_URL: portalDatabase, DATA_DIR: undefined });
    // The demo accounts at their documented passwords, whatever the journeys before this one did to them.
    const setup = await fetch(`${server.baseURL}/api/test/demo-data`, { method: "POST", headers: testSecretHeader });
    expect(setup.ok).toBe(true);
    for (const number of Object.values(LINES)) {
      const international = number === LINES.caps || number === LINES.burst || number === LINES.capped;
      await provisionLine(sql, { number, password: PASSWORD, domain: DOMAIN, international });
    }
    [gatewayPort, shortGatewayPort, emergencyPort] = [await freeUdpPort(), await freeUdpPort(), await freeUdpPort()];
    kamailio = await startKamailio({
      databaseUrl: registrarDatabase!,
      sipDomain: DOMAIN,
      gateway: `127.0.0.1:${gatewayPort}`,
    });
    shortCalls = await startKamailio({
      databaseUrl: registrarDatabase!,
      sipDomain: DOMAIN,
      gateway: `127.0.0.1:${shortGatewayPort}`,
      policy: { internationalMaxSeconds: 3, emergencyGateway: `127.0.0.1:${emergencyPort}` },
    });
    devicePort = await freeUdpPort();
    const device = { number: LINES.callee, password: PASSWORD, domain: DOMAIN, userAgent: "E2E-Phone/callee" };
    expect(await register(kamailio, { ...device, port: devicePort })).toBe(200);
  });
  test.afterAll(async () => {
    await kamailio?.stop();
    await shortCalls?.stop();
    server?.stop();
    await sql?.end();
  });

  /** A browser of this test's own on the portal, from an address of its own, signed in as `account`. */
  async function portal(browser: Browser, account: { id: string; password: string; email: string }) {
    address += 1;
    const { context, page } = await otherClient(browser, `198.51.100.${address}`, { baseURL: server.baseURL });
    const api = context.request;
    expect((await api.delete("/api/test/rate-limits")).ok()).toBe(true);
    await signIn(page, api, account);
    return { context, page, api };
  }
  /** The customer's switch for `number` on 「国際電話の利用」 (the page is open there). */
  const switchButton = (page: Page, number: string, on: boolean) =>
    page
      .getByTestId("international-line")
      .filter({ hasText: number })
      .getByRole("button", { name: `${number} の国際電話の利用を${on ? "オン" : "オフ"}にする` });
  const internationalState = (page: Page, number: string) =>
    page.getByTestId("international-line").filter({ hasText: number }).getByTestId("international-state");
  /** The scheduled work, as the platform's cron runs it. */
  const runScheduledWork = async (api: APIRequestContext) =>
    expect((await api.get("/api/cron/reflect", { headers: cron })).ok()).toBe(true);

  const dial = (caller: string, callee: string, options: { holdMs?: number; through?: Registrar } = {}) =>
    placeCall(options.through ?? kamailio, {
      caller,
      password: PASSWORD,
      callee,
      domain: DOMAIN,
      holdMs: options.holdMs,
    });
  const refusal = (reason: PolicyRefusal) => ({ status: 403, reason, hungUpByNetwork: false });
  const answered = { status: 200, reason: "OK", hungUpByNetwork: false };
  const lineState = async (number: string) =>
    (
      await sql`select international_calling, international_off_reason, international_burst_at
        from ip_phone_lines where number = ${number}`
    )[0]!;

  test("a domestic call reaches the gateway (with the 184 dialled); 0570 and 110 are refused with their reasons and reach nobody", async () => {
    const carrier = await gateway(gatewayPort, { calls: 3 });
    try {
      expect(await dial(LINES.policy, `184${DOMESTIC}`)).toEqual(answered);
      expect(await dial(LINES.policy, "0570123456")).toEqual(refusal("Number Not Allowed"));
      expect(await dial(LINES.policy, "110")).toEqual(refusal("Emergency Calls Unavailable"));
      expect(carrier.invites()).toEqual([`184${DOMESTIC}`]);
    } finally {
      await carrier.stop();
    }
  });

  test("an international call is refused while the line's international calling is off, and reaches the gateway once the customer turns it on", async ({
    browser,
  }) => {
    test.setTimeout(60_000);
    const { context, page, api } = await portal(browser, customer);
    const carrier = await gateway(gatewayPort, { calls: 2 });
    try {
      expect(await dial(LINES.policy, LONDON_BY_CARRIER)).toEqual(refusal("International Calls Off"));

      // The customer turns it on in 「国際電話の利用」: first 「ご本人の確認」 with the emailed code, then the switch.
      await page.goto("/ip-phone/international");
      await expect(internationalState(page, LINES.policy)).toContainText("オフ（初期設定）");
      await switchButton(page, LINES.policy, true).click();
      await expect(page).toHaveURL(/\/account\/verify\?next=/);
      // The demo customer's mailbox keeps the step-up codes of the journeys before this one: the mark is the newest.
      const before = await codeMailMark(api, customer.email, "本人確認の認証コード");
      await page.getByRole("button", { name: "認証コードを送信" }).click();
      const code = (await latestMail(api, customer.email, "本人確認の認証コード", before)).match(/\b(\d{6})\b/)![1]!;
      await page.getByLabel("認証コード（6桁）").fill(code);
      await page.getByRole("button", { name: "確認する" }).click();
      await expect(page).toHaveURL(new RegExp(`/ip-phone/international\\?number=${LINES.policy}$`));
      await switchButton(page, LINES.policy, true).click();
      await expect(internationalState(page, LINES.policy)).toContainText(/オン（\d{4}年\d+月\d+日 \d+:\d{2}から）/);
      expect(await latestMail(api, customer.email, "国際電話の利用をオンにしました")).toContain(LINES.policy);
      // The next call reads it: no reload of the proxy.
      expect(await dial(LINES.policy, LONDON_BY_CARRIER)).toEqual(answered);

      // Off in one click, and the next call is refused again.
      await switchButton(page, LINES.policy, false).click();
      await expect(internationalState(page, LINES.policy)).toContainText("オフ：お客様がオフにしました");
      expect(await dial(LINES.policy, "+442071234567")).toEqual(refusal("International Calls Off"));
      // The gateway receives the number the policy judged, not the carrier prefix it was dialled with.
      expect(carrier.invites()).toEqual([LONDON]);
    } finally {
      await carrier.stop();
      await context.close();
    }
  });

  test("a line's calls in progress are capped in memory: a second international call and a third call are refused while the others go on", async () => {
    test.setTimeout(60_000);
    const carrier = await gateway(gatewayPort, { calls: 4 });
    try {
      const international = dial(LINES.caps, LONDON, { holdMs: 4_000 });
      await expect.poll(() => carrier.invites().length).toBe(1);
      expect(await dial(LINES.caps, "+33142345678")).toEqual(refusal("Too Many International Calls"));
      const domestic = dial(LINES.caps, DOMESTIC, { holdMs: 4_000 });
      await expect.poll(() => carrier.invites().length).toBe(2);
      expect(await dial(LINES.caps, "0612345678")).toEqual(refusal("Too Many Calls"));
      expect(await international).toEqual(answered);
      expect(await domestic).toEqual(answered);
      // Both ended: the line may call again.
      expect(await dial(LINES.caps, "0612345678")).toEqual(answered);
      expect(carrier.invites()).toEqual([LONDON, DOMESTIC, "0612345678"]);
    } finally {
      await carrier.stop();
    }
  });

  test("the sixth international attempt within ten minutes turns the line's international calling off, with an audit; the seventh is refused; the customer is mailed and the console flags the line", async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const [{ since }] = await sql<[{ since: Date }]>`select now() as since`;
    const carrier = await gateway(gatewayPort, { calls: 5 });
    try {
      for (let attempt = 1; attempt <= 5; attempt++) expect(await dial(LINES.burst, LONDON)).toEqual(answered);
      expect(await dial(LINES.burst, LONDON)).toEqual(refusal("International Calls Stopped"));
      expect(await lineState(LINES.burst)).toMatchObject({
        international_calling: false,
        international_off_reason: "burst",
        international_burst_at: expect.any(Date),
      });
      const audits =
        await sql`select a.detail from audit_events a join ip_phone_lines l on l.customer_id = a.customer_id
        where a.type = 'international.burst' and l.number = ${LINES.burst} and a.detail->>'number' = ${LINES.burst} and a.at >= ${since}`;
      expect(audits.map((row) => row.detail)).toEqual([{ number: LINES.burst, attempts: 6, minutes: 10 }]);
      expect(await dial(LINES.burst, LONDON)).toEqual(refusal("International Calls Off"));
      expect(carrier.invites()).toHaveLength(5);
    } finally {
      await carrier.stop();
    }

    // The scheduled work mails the customer; support finds the line in 「国際発信の異常」.
    const { context, page, api } = await portal(browser, support);
    try {
      await runScheduledWork(api);
      const mail = await latestMail(api, customer.email, "国際発信の異常を検知したため、国際電話の利用を停止しました");
      expect(mail).toContain(LINES.burst);
      await page
        .getByRole("navigation", { name: "運用メニュー" })
        .getByRole("link", { name: "国際発信の異常" })
        .click();
      await expect(page).toHaveURL(/\/admin\/international-bursts$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("国際発信の異常");
      const row = page.getByTestId("international-burst-row").filter({ hasText: LINES.burst });
      await expect(row).toContainText("国際発信の異常を検知したため自動でオフ");
      await expect(row.getByTestId("international-burst")).toBeVisible();
      await expect(row).toContainText(customer.id);
    } finally {
      await context.close();
    }
  });

  test("an international call is ended at its cap: the proxy sends BYE to both sides", async () => {
    test.setTimeout(60_000);
    const carrier = await gateway(shortGatewayPort, { calls: 1 });
    try {
      const outcome = await placeCall(shortCalls, {
        caller: LINES.capped,
        password: PASSWORD,
        callee: LONDON,
        domain: DOMAIN,
        untilNetworkHangsUp: true,
      });
      expect(outcome).toEqual({ status: 200, reason: "OK", hungUpByNetwork: true });
      await expect.poll(() => carrier.byes()).toBe(1);
    } finally {
      await carrier.stop();
    }
  });

  test("an emergency number reaches the emergency gateway where a deployment configures one", async () => {
    const emergency = await gateway(emergencyPort, { calls: 1 });
    try {
      expect(await dial(LINES.table, "119", { through: shortCalls })).toEqual(answered);
      expect(emergency.invites()).toEqual(["119"]);
    } finally {
      await emergency.stop();
    }
  });

  test("every form of a number is read as Japan's numbering reads it: refused with the policy's reason, relayed as judged, or ringing our line", async () => {
    test.setTimeout(120_000);
    const relayed = forms.filter((form) => form.fate === "gateway").length;
    const carrier = await gateway(gatewayPort, { calls: relayed });
    const device = await gateway(devicePort, { calls: forms.length - relayed });
    try {
      for (const { dialled, fate, sent } of forms) {
        const [toCarrier, toLine] = [carrier.invites().length, device.invites().length];
        const outcome = await dial(LINES.table, dialled);
        if (fate === "gateway" || fate === "line") {
          expect(outcome, dialled).toEqual(answered);
          expect(carrier.invites().slice(toCarrier), dialled).toEqual(fate === "gateway" ? [sent ?? dialled] : []);
          expect(device.invites().length - toLine, dialled).toBe(fate === "line" ? 1 : 0);
        } else {
          expect(outcome, dialled).toEqual(refusal(fate));
          expect([carrier.invites().length, device.invites().length], dialled).toEqual([toCarrier, toLine]);
        }
      }
    } finally {
      await carrier.stop();
      await device.stop();
    }
  });

  test("the call records: every final answer and refusal in acc with the line, the number as the policy read it and its kind; a CDR per answered call, ended by BYE or at the cap", async () => {
    const device = await gateway(devicePort, { calls: 1 });
    try {
      expect(await callFromCarrier(kamailio, { caller: DOMESTIC, callee: LINES.callee, domain: DOMAIN })).toEqual({
        status: 200,
        reason: "OK",
      });
    } finally {
      await device.stop();
    }
    const records = async (number: string) =>
      sql`select caller, callee, dialled, kind, sip_code, sip_reason from acc
        where caller = ${number} or callee = ${number} order by id`;
    expect(await records(LINES.policy)).toEqual([
      { caller: LINES.policy, callee: "", dialled: DOMESTIC, kind: "domestic", sip_code: "200", sip_reason: "OK" },
      {
        caller: LINES.policy,
        callee: "",
        dialled: "0570123456",
        kind: "premium",
        sip_code: "403",
        sip_reason: "Number Not Allowed",
      },
      {
        caller: LINES.policy,
        callee: "",
        dialled: "110",
        kind: "emergency",
        sip_code: "403",
        sip_reason: "Emergency Calls Unavailable",
      },
      {
        caller: LINES.policy,
        callee: "",
        dialled: LONDON,
        kind: "international",
        sip_code: "403",
        sip_reason: "International Calls Off",
      },
      { caller: LINES.policy, callee: "", dialled: LONDON, kind: "international", sip_code: "200", sip_reason: "OK" },
      {
        caller: LINES.policy,
        callee: "",
        dialled: "+442071234567",
        kind: "international",
        sip_code: "403",
        sip_reason: "International Calls Off",
      },
    ]);
    const cdrs = async (number: string) =>
      sql`select caller, callee, dialled, kind, ended from acc_cdrs where caller = ${number} or callee = ${number} order by id`;
    await expect
      .poll(() => cdrs(LINES.policy))
      .toEqual([
        { caller: LINES.policy, callee: "", dialled: DOMESTIC, kind: "domestic", ended: "bye" },
        { caller: LINES.policy, callee: "", dialled: LONDON, kind: "international", ended: "bye" },
      ]);
    // The CDR joins its acc row by Call-ID.
    const joined = await sql`select count(*)::int as n from acc_cdrs c join acc a on a.callid = c.callid
      where c.caller = ${LINES.policy} and a.sip_code = '200'`;
    expect(joined[0]!.n).toBe(2);
    await expect
      .poll(() => cdrs(LINES.capped))
      .toEqual([{ caller: LINES.capped, callee: "", dialled: LONDON, kind: "international", ended: "timeout" }]);
    expect((await records(LINES.burst)).map((row) => row.sip_reason)).toEqual([
      ...Array<string>(5).fill("OK"),
      "International Calls Stopped",
      "International Calls Off",
    ]);
    // A line's call to another line (dialled +81…; 184… went through the carrier), and the carrier's: the called
    // line's history.
    const toLine = { caller: LINES.table, callee: LINES.callee, dialled: LINES.callee, kind: "on-net" };
    const incoming = { caller: "", callee: LINES.callee, dialled: DOMESTIC, kind: "incoming" };
    expect(await records(LINES.callee)).toEqual([
      { ...toLine, sip_code: "200", sip_reason: "OK" },
      { ...incoming, sip_code: "200", sip_reason: "OK" },
    ]);
    await expect
      .poll(() => cdrs(LINES.callee))
      .toEqual([
        { ...toLine, ended: "bye" },
        { ...incoming, ended: "bye" },
      ]);
    // Every refusal phrase the records hold is one the history pages can word.
    const reasons = await sql`select distinct sip_reason from acc where sip_code = '403' and caller like '0509003600%'`;
    for (const { sip_reason } of reasons) expect(Object.keys(policyRefusals)).toContain(sip_reason);
  });

  test("the calls placed here are in the customer's 「発着信履歴」: answered, refused in the policy's words, international marked, the capped one ended at the cap", async ({
    browser,
  }) => {
    const { context, page } = await portal(browser, customer);
    const words = (reason: PolicyRefusal) => `拒否${policyRefusals[reason]}`;
    const rowsOf = async (number: string) => {
      await page.goto(`/ip-phone/calls?number=${number}`);
      return page.getByRole("table", { name: `${number} の発着信（新しい順）` }).getByTestId("call-row");
    };
    try {
      // Newest first: the first journey's calls, then the second's (turned on, then off).
      const policy = await rowsOf(LINES.policy);
      await expect(policy).toHaveText([
        /発信\+442071234567国際/,
        /発信010442071234567国際通話\d+秒$/,
        /発信010442071234567国際/,
        /発信110/,
        /発信0570123456/,
        /発信0312345678通話\d+秒$/,
      ]);
      await expect(policy.nth(0)).toContainText(words("International Calls Off"));
      await expect(policy.nth(2)).toContainText(words("International Calls Off"));
      await expect(policy.nth(3)).toContainText(words("Emergency Calls Unavailable"));
      await expect(policy.nth(4)).toContainText(words("Number Not Allowed"));
      await expect(policy.nth(4)).not.toContainText("国際");

      // The seventh attempt after the burst, the sixth that stopped the line, and the five that went out.
      const burst = await rowsOf(LINES.burst);
      await expect(burst).toHaveCount(7);
      await expect(burst.nth(0)).toContainText(words("International Calls Off"));
      await expect(burst.nth(1)).toContainText(words("International Calls Stopped"));
      for (let n = 2; n < 7; n++) await expect(burst.nth(n)).toContainText(/国際通話/);

      const capped = await rowsOf(LINES.capped);
      await expect(capped).toHaveCount(1);
      await expect(capped.first()).toContainText(/発信010442071234567国際通話\d+秒上限時間で切断$/);
      await expect(capped.first().getByTestId("call-timeout")).toHaveText("上限時間で切断");

      // The called line: the carrier's call, and one from another line of ours (its 184 call went through the carrier).
      const called = await rowsOf(LINES.callee);
      await expect(called).toHaveText([
        new RegExp(`着信${DOMESTIC}通話\\d+秒$`),
        new RegExp(`着信${LINES.table}通話\\d+秒$`),
      ]);
    } finally {
      await context.close();
    }
  });
});

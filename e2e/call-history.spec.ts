// 「発着信履歴」: the registrar's call records (written straight into a PostgreSQL database of this spec's own, as acc
// writes them: no Kamailio needed) read by the customer, per line and page by page, with the marks for international
// and refused calls, JavaScript on and off; and by an operator on the line's console page, the view recorded.
import type { Browser } from "@playwright/test";
import postgres from "postgres";
import { demo, expect, expectNoSeriousViolations, otherClient, signIn, test } from "./fixtures";
import { seededDatabase, startServer, type Server } from "./servers";
import { formatJstSeconds } from "../lib/jst";

// "test" in the name: the portal's test mode runs only on a throwaway database.
const DATABASE = "selfcare_call_history_test";
const LINE = "05012345678";
const SECOND_LINE = "05087654321";
const HOSTILE = `<img src=x onerror="document.title='pwned'">${"9".repeat(15)}`;

/** Whole seconds, `minutes` before now: acc keeps seconds. */
const ago = (minutes: number) => new Date(Math.floor(Date.now() / 1000) * 1000 - minutes * 60_000);
const accTime = (at: Date) => at.toISOString().slice(0, 19).replace("T", " ");

const calls = {
  domestic: { at: ago(10), caller: LINE, dialled: "0312345678", kind: "domestic", code: "200", reason: "OK" },
  incoming: { at: ago(20), callee: LINE, dialled: "09011112222", kind: "incoming", code: "200", reason: "OK" },
  refusedAbroad: {
    at: ago(30),
    caller: LINE,
    dialled: "010442012345678",
    kind: "international",
    code: "403",
    reason: "International Calls Off",
  },
  premium: {
    at: ago(40),
    caller: LINE,
    dialled: "0570123456",
    kind: "premium",
    code: "403",
    reason: "Number Not Allowed",
  },
  capped: { at: ago(50), caller: LINE, dialled: "01012125550100", kind: "international", code: "200", reason: "OK" },
  hostile: { at: ago(60), callee: LINE, dialled: HOSTILE, kind: "incoming", code: "487", reason: "Request Terminated" },
  onNet: {
    at: ago(70),
    caller: LINE,
    callee: SECOND_LINE,
    dialled: SECOND_LINE,
    kind: "on-net",
    code: "486",
    reason: "",
  },
};
/** Older domestic calls past the first page (50 a page). */
const OLDER = 50;

test.describe("the call history", () => {
  test.describe.configure({ mode: "serial" });
  let server: Server;
  let sql: postgres.Sql;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const url = await seededDatabase(DATABASE);
    test.skip(!url, "no PostgreSQL answers on 127.0.0.1:5432 and none can be installed here");
    sql = postgres(url!, { max: 1, onnotice: () => {} });
    // The seed's demo calls give way to this spec's own, on lines older than the calls (a line's history starts when
    // the line was created).
    await sql`delete from acc`;
    await sql`delete from acc_cdrs`;
    await sql`update ip_phone_lines set created_at = now() - interval '1 year'`;
    for (const [name, call] of Object.entries(calls)) {
      await sql`insert into acc (method, callid, sip_code, sip_reason, time, caller, callee, dialled, kind)
        values ('INVITE', ${`${name}@e2e`}, ${call.code}, ${call.reason}, ${accTime(call.at)},
          ${"caller" in call ? call.caller : ""}, ${"callee" in call ? call.callee : ""}, ${call.dialled}, ${call.kind})`;
    }
    await sql`insert into acc_cdrs (callid, caller, callee, dialled, kind, start_time, end_time, duration, ended) values
      ('domestic@e2e', ${LINE}, '', '0312345678', 'domestic', ${accTime(calls.domestic.at)}, ${accTime(calls.domestic.at)}, 185, 'bye'),
      ('incoming@e2e', '', ${LINE}, '09011112222', 'incoming', ${accTime(calls.incoming.at)}, ${accTime(calls.incoming.at)}, 62, 'bye'),
      ('capped@e2e', ${LINE}, '', '01012125550100', 'international', ${accTime(calls.capped.at)}, ${accTime(calls.capped.at)}, 3600, 'timeout')`;
    await sql`insert into acc (method, callid, sip_code, sip_reason, time, caller, dialled, kind)
      select 'INVITE', 'older-' || g || '@e2e', '200', 'OK',
        (now() at time zone 'UTC') - interval '2 days' - g * interval '1 minute', ${LINE}, '06' || lpad(g::text, 8, '0'),
        'domestic'
      from generate_series(1, ${OLDER}) g`;
    server = await startServer(3111, { DATABASE_URL: url!, DATA_DIR: undefined });
  });
  test.afterAll(async () => {
    server?.stop();
    await sql?.end();
  });

  const client = (browser: Browser, javaScriptEnabled = true) =>
    otherClient(browser, "198.51.100.81", { javaScriptEnabled, baseURL: server.baseURL });

  test("the customer finds the history from the menu: both ways, marked, lengths, and older pages", async ({
    browser,
  }) => {
    test.setTimeout(60_000);
    const { context, page } = await client(browser);
    await signIn(page, context.request, demo.customer);
    await page.getByRole("link", { name: "発着信履歴" }).click();
    await expect(page).toHaveURL(/\/ip-phone\/calls$/);
    const table = page.getByRole("table", { name: `${LINE} の発着信（新しい順）` });
    const rows = table.getByTestId("call-row");
    await expect(rows).toHaveCount(50);

    await expect(rows.nth(0)).toHaveText(
      new RegExp(`^${formatJstSeconds(calls.domestic.at)}発信0312345678通話3分5秒$`),
    );
    await expect(rows.nth(1)).toContainText(`${formatJstSeconds(calls.incoming.at)}着信09011112222通話1分2秒`);
    await expect(rows.nth(2)).toContainText("010442012345678国際");
    await expect(rows.nth(2)).toContainText("拒否国際電話の利用がオフのため発信できませんでした");
    await expect(rows.nth(3)).toContainText("0570123456");
    await expect(rows.nth(3)).toContainText("拒否発信できない番号です（0570・0990・0180・0067など）");
    await expect(rows.nth(4)).toContainText("01012125550100国際");
    await expect(rows.nth(4)).toContainText("通話60分0秒上限時間で切断");
    // The carrier's caller ID is text: shown escaped and cut, never run.
    await expect(rows.nth(5)).toContainText("着信<img src=x onerror=");
    await expect(rows.nth(5)).toContainText("…不在着信");
    expect(await page.title()).not.toBe("pwned");
    await expect(rows.nth(6)).toContainText(`発信${SECOND_LINE}話し中`);
    await expectNoSeriousViolations(page, "/ip-phone/calls");

    await page.getByRole("link", { name: "さらに古い発着信を見る" }).click();
    await expect(rows).toHaveCount(OLDER + Object.keys(calls).length - 50);
    await expect(page.getByRole("link", { name: "さらに古い発着信を見る" })).toHaveCount(0);
    await context.close();
  });

  test("with JavaScript off the customer chooses the other line, which shows the call between the two", async ({
    browser,
  }) => {
    const { context, page } = await client(browser, false);
    await signIn(page, context.request, demo.customer);
    await page.goto("/ip-phone/calls");
    await page.getByLabel("IP加入電話番号").selectOption(SECOND_LINE);
    await page.getByRole("button", { name: "表示" }).click();
    await expect(page).toHaveURL(new RegExp(`/ip-phone/calls\\?number=${SECOND_LINE}$`));
    const rows = page.getByTestId("call-row");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(`${formatJstSeconds(calls.onNet.at)}着信${LINE}話し中`);
    await expect(page.getByLabel("IP加入電話番号")).toHaveValue(SECOND_LINE);
    await context.close();
  });

  test("another customer's line is not found, and a line with no calls says so", async ({ browser }) => {
    const { context, page } = await client(browser);
    await signIn(page, context.request, demo.other);
    expect((await page.goto(`/ip-phone/calls?number=${LINE}`))?.status()).toBe(404);
    await page.goto("/ip-phone/calls");
    await expect(page.getByTestId("calls-empty")).toHaveText("05011112222 の直近90日間の発着信はありません。");
    await expectNoSeriousViolations(page, "/ip-phone/calls, empty");
    await context.close();
  });

  test("an operator sees the same history on the line's console page, and the view is recorded", async ({
    browser,
  }) => {
    const { context, page } = await client(browser);
    const [customer] = await sql`select id from customers where self_care_id = ${demo.customer.id}`;
    const viewsBefore = await sql`select count(*)::integer as n from audit_events
      where type = 'operator.viewed-customer' and customer_id = ${customer!.id} and detail->>'page' = 'line'`;
    await signIn(page, context.request, demo.admin);
    await page.goto(`/admin/customers/${customer!.id}`);
    await page.getByTestId("desk-lines").getByRole("link", { name: LINE }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/lines/${LINE}#calls$`));
    const section = page.getByRole("region", { name: "発着信履歴" });
    const rows = section.getByTestId("call-row");
    await expect(rows).toHaveCount(50);
    await expect(rows.nth(2)).toContainText("拒否国際電話の利用がオフのため発信できませんでした");
    await expect(rows.nth(4)).toContainText("上限時間で切断");
    await expectNoSeriousViolations(page, "/admin/lines/[number] with calls");
    await section.getByRole("link", { name: "さらに古い発着信を見る" }).click();
    await expect(rows).toHaveCount(OLDER + Object.keys(calls).length - 50);
    const viewsAfter = await sql`select count(*)::integer as n from audit_events
      where type = 'operator.viewed-customer' and customer_id = ${customer!.id} and detail->>'page' = 'line'`;
    expect(viewsAfter[0]!.n).toBe(viewsBefore[0]!.n + 2);
    await context.close();
  });
});

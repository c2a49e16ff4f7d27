// The customer's whole journey around a change: predict it, review it, undo it, and never meet a dead end.
import postgres from "postgres";
import {
  alert,
  demo,
  expect,
  fillChange,
  latestMail,
  otherClient,
  setClock,
  signIn,
  submitPassword,
  test,
} from "./fixtures";
import { serverSecrets } from "../test/server-env.mjs";

const jst = (local: string) => new Date(`${local}+09:00`);
const databaseUrl = process.env.DATABASE_URL;
const cron = { Authorization: `Bearer ${serverSecrets.CRON_SECRET}` };

test.beforeEach(async ({ request }) => {
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("every customer page leads back to the menu, and the title goes there when signed in", async ({
      page,
      request,
    }) => {
      await signIn(page, request, demo.customer);
      await page.getByRole("link", { name: "IP加入電話パスワードを変更する" }).click();
      await page.getByRole("link", { name: "戻る（メニューへ）" }).click();
      await expect(page).toHaveURL(/\/menu$/);
      await page.getByRole("link", { name: "IP加入電話パスワードの変更履歴" }).click();
      await page.getByRole("link", { name: "メニューへ戻る" }).click();
      await expect(page).toHaveURL(/\/menu$/);
      await page.goto("/ip-phone/password");
      await page.getByRole("link", { name: /カスタマー・セルフケア・サービス/ }).click();
      await expect(page).toHaveURL(/\/menu$/);
    });

    test("the form predicts each line's reflection before anything is sent, and lists every rule", async ({
      page,
      request,
    }) => {
      await setClock(request, jst("2026-11-24T14:00:00"));
      await signIn(page, request, demo.customer);
      await page.goto("/ip-phone/password");
      const predictions = page.getByTestId("line-prediction");
      await expect(predictions.filter({ hasText: "05087654321" })).toContainText("2026年11月24日 17:30");
      // The IP phone service: within 15 minutes of the moment the page was made (the test clock runs on from 14:00,
      // and the deadline is rounded up to the minute).
      // Per way of changing: none for a routine change, the manual's window for an emergency one.
      await expect(predictions.filter({ hasText: "05087654321" })).toContainText("通常：ありません");
      await expect(predictions.filter({ hasText: "05087654321" })).toContainText(/緊急：14:0\d ～ 17:30/);
      await expect(predictions.filter({ hasText: "05012345678" })).toContainText(
        /15分以内（2026年11月24日 14:1\d まで）/,
      );
      const rules = page.getByTestId("password-rules");
      for (const rule of [
        "8文字",
        "繰り返し",
        "連続した並び",
        "IP加入電話番号の数字",
        "よく使われる",
        "現在のパスワードと同じ",
      ]) {
        await expect(rules).toContainText(rule);
      }
      if (javaScriptEnabled) {
        // For the number typed, the form says what the server said for that line: the same rule on the same clock.
        const serverSays = async (number: string) =>
          /パスワード反映時間は(.+?)、/.exec((await predictions.filter({ hasText: number }).textContent()) ?? "")![1]!;
        await page.getByLabel("IP加入電話番号", { exact: true }).fill("050-1234-5678");
        await expect(page.getByTestId("prediction")).toContainText(await serverSays("05012345678"));
        await page.getByLabel("IP加入電話番号", { exact: true }).fill("05087654321");
        await expect(page.getByTestId("prediction")).toContainText(await serverSays("05087654321"));
        // The prediction follows the way of changing chosen.
        await expect(page.getByTestId("prediction")).toContainText("発着信できない時間はありません");
        await page.getByLabel("緊急（パスワードが漏れたおそれがある場合）").check();
        await expect(page.getByTestId("prediction")).toContainText(/発着信できない時間は14:0\d ～ 17:30/);
        await expect(page.getByTestId("prediction-timeline")).toContainText("から使えません");
        await page.getByLabel("通常（おすすめ）").check();
        await expect(page.getByTestId("prediction")).toContainText("発着信できない時間はありません");
      }
    });

    test("a change is reviewed, cancelled once, and the old password works again", async ({ page, request }) => {
      await setClock(request, jst("2026-11-24T14:00:00"));
      await signIn(page, request, demo.customer);
      await page.goto("/ip-phone/password");
      await fillChange(page, { number: "05087654321", current: "pass5678", next: "k7m2x9qa" });
      await expect(page).toHaveURL(/\/complete\//);
      await expect(page.getByTestId("headline")).toHaveText("IP加入電話パスワードの変更が完了しました。");
      await expect(page.getByText("受付内容はご登録のメールアドレスにもお送りしました。")).toBeVisible();
      const completion = page.url();

      // The menu and the form now tell of the waiting change, and what "current password" means meanwhile.
      await page.goto("/menu");
      await expect(page.getByTestId("pending-change")).toHaveCount(1);
      await expect(page.getByTestId("pending-change")).toContainText("2026年11月24日 17:30");
      await page.goto("/ip-phone/password");
      await expect(page.getByTestId("line-prediction").filter({ hasText: "05087654321" })).toContainText(
        "反映待ちの変更があります",
      );
      await expect(page.getByText("その変更で設定した新しいパスワードが現在のパスワードです")).toBeVisible();

      await page.goto(completion);
      await page.getByRole("button", { name: "この変更を取り消す" }).click();
      await expect(page.getByTestId("headline")).toHaveText("この変更は取り消しました。");
      await expect(page.getByRole("button", { name: "この変更を取り消す" })).toHaveCount(0);
      expect(await latestMail(request, demo.customer.email, "取り消し")).toContain("05087654321");

      // The job never applies it; the previous password is the current one again.
      await setClock(request, jst("2026-11-24T17:31:00"));
      expect((await request.get("/api/cron/reflect", { headers: cron })).ok()).toBe(true);
      await page.reload();
      await expect(page.getByTestId("headline")).toHaveText("この変更は取り消しました。");
      await page.goto("/ip-phone/password");
      await fillChange(page, { number: "05087654321", current: "pass5678", next: "q8w3n5zt" });
      await expect(page).toHaveURL(/\/complete\//);
    });
  });
}

test("the completion page words itself by what became of the change, and the history lists them all", async ({
  page,
  request,
}) => {
  await setClock(request, jst("2026-11-24T14:00:00"));
  await signIn(page, request, demo.customer);
  await page.goto("/ip-phone/password");
  await fillChange(page, { number: "05087654321", current: "pass5678", next: "k7m2x9qa" });
  await expect(page).toHaveURL(/\/complete\//);
  const first = page.url();
  await setClock(request, jst("2026-11-24T14:05:00"));
  await page.goto("/ip-phone/password");
  await fillChange(page, { number: "05087654321", current: "k7m2x9qa", next: "q8w3n5zt" });
  await expect(page).not.toHaveURL(first);
  await expect(page).toHaveURL(/\/complete\//);
  const second = page.url();

  await page.goto(first);
  await expect(page.getByTestId("headline")).toHaveText("この変更は、あとから行われた変更に置き換えられました。");
  await expect(page.getByTestId("outage")).toHaveCount(0);
  await expect(page.getByText("受付内容はご登録のメールアドレス")).toHaveCount(0);

  await setClock(request, jst("2026-11-24T17:31:00"));
  expect((await request.get("/api/cron/reflect", { headers: cron })).ok()).toBe(true);
  await page.goto(second);
  await expect(page.getByTestId("headline")).toHaveText("新しいIP加入電話パスワードは、弊社システムに反映済みです。");

  await page.goto("/ip-phone/password/history");
  const rows = page.getByTestId("history-row");
  await expect(rows.filter({ hasText: "反映済み" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "新しい変更に置き換え" })).toHaveCount(1);
  await expect(rows.first()).toContainText("2026年11月24日 14:05");
  await page.goto("/ip-phone/password/history?number=05087654321");
  await expect(rows).toHaveCount(2);
  // Another customer's number has no history here.
  const response = await page.goto("/ip-phone/password/history?number=05011112222");
  expect(response?.status()).toBe(404);
});

test("a change that failed says so and names the support contact", async ({ page, request }) => {
  test.skip(!databaseUrl, "needs PostgreSQL (DATABASE_URL) to mark the change failed");
  await signIn(page, request, demo.customer);
  await page.goto("/ip-phone/password");
  await fillChange(page, { number: "05087654321", current: "pass5678", next: "k7m2x9qa" });
  await expect(page).toHaveURL(/\/complete\//);
  const id = page.url().split("/").at(-1)!;
  const sql = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
  await sql`update password_changes set status = 'failed' where id = ${id}`;
  await sql.end();
  await page.reload();
  await expect(page.getByTestId("headline")).toHaveText("弊社システムへの反映ができませんでした。");
  await expect(page.getByTestId("support-contact").first()).toContainText("0120-000-050");
});

test("a cancel from a stale page, or of a change being applied, changes nothing and says why", async ({
  page,
  request,
  browser,
}) => {
  await signIn(page, request, demo.customer);
  await page.goto("/ip-phone/password");
  await fillChange(page, { number: "05087654321", current: "pass5678", next: "k7m2x9qa" });
  await expect(page).toHaveURL(/\/complete\//);
  const completion = page.url();
  const stale = await page.context().newPage();
  await stale.goto(completion);
  await page.getByRole("button", { name: "この変更を取り消す" }).click();
  await expect(page.getByTestId("headline")).toHaveText("この変更は取り消しました。");
  await stale.getByRole("button", { name: "この変更を取り消す" }).click();
  await expect(alert(stale)).toContainText("反映待ちではないため、取り消せません");

  // Another customer cannot reach the change at all.
  const other = await otherClient(browser, "198.51.100.248");
  await signIn(other.page, other.context.request, demo.other);
  expect((await other.page.goto(completion))?.status()).toBe(404);
  await other.context.close();

  if (!databaseUrl) return;
  await page.goto("/ip-phone/password");
  await fillChange(page, { number: "05087654321", current: "pass5678", next: "q8w3n5zt" });
  await expect(page).not.toHaveURL(completion);
  await expect(page).toHaveURL(/\/complete\//);
  const id = page.url().split("/").at(-1)!;
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  // The reflection job holds the change while it applies it.
  await sql.begin(async (tx) => {
    await tx`select id from password_changes where id = ${id} for update`;
    await page.getByRole("button", { name: "この変更を取り消す" }).click();
    await expect(alert(page)).toContainText("反映処理中のため、取り消せませんでした");
  });
  await sql.end();
  await expect(page.getByTestId("headline")).toHaveText("IP加入電話パスワードの変更が完了しました。");
});

test("help for a forgotten ID and the lock message both name the support contact", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("link", { name: "セルフケアID・パスワードをお忘れの方" }).click();
  await expect(page.getByRole("heading", { name: "セルフケアID・パスワードをお忘れの方" })).toBeVisible();
  await expect(page.getByRole("main").getByTestId("support-contact")).toContainText("0120-000-050");
  for (let i = 0; i < 10; i++) {
    await submitPassword(page, demo.other.id, `wrong-${i}`);
    await expect(alert(page)).toBeVisible();
  }
  await expect(alert(page)).toContainText("一時的に制限しています");
  await expect(alert(page)).toContainText("0120-000-050");
});

test("「機器の接続状況」 says plainly that it cannot show anything without a registrar, and shows no other customer's line", async ({
  page,
  request,
}) => {
  await signIn(page, request, demo.customer);
  await page.getByRole("link", { name: "機器の接続状況" }).first().click();
  await expect(page).toHaveURL(/\/ip-phone\/devices/);
  await expect(page.getByTestId("devices-unavailable")).toContainText("機器の接続状況を表示できません");
  await expect(page.getByTestId("device-line")).toHaveCount(0);
  expect((await page.goto("/ip-phone/devices?number=05011112222"))?.status()).toBe(404);
});

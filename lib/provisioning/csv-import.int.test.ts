// The CSV import against a real database, through the same code the console and `npm run import` run.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { wipeOldImportContent } from "@/db/queries/provisioning-imports";
import { rowsOf } from "@/db/together";
import {
  auditEvents,
  customers,
  ipPhoneLines,
  kamailioLocations,
  passwordChanges,
  provisioningImports,
  sipCredentials,
} from "@/db/schema";
import { demoDatabase, testTargets } from "@/test/databases";
import { decide, requestImportApply } from "@/lib/operators/approvals";
import { checkImport } from "./console-import";
import { runImport, type RowResult } from "./csv-import";
import { rejectedRowsWriter } from "./import-report";

const now = new Date("2026-12-02T03:00:00Z");
const header = "external_id,self_care_id,name,email,number,service_kind,status,suspension_reason\n";
const good = [
  "C-1,sc1001,山田 太郎,taro@example.jp,05090000001,ip-phone,active,",
  "C-1,sc1001,山田 太郎,taro@example.jp,050-9000-0002,b2bua,suspended,non-payment",
  "C-2,sc1002,佐藤 花子,hanako@example.jp,,,,",
].join("\n");
const broken = [
  "C-3,sc1003,鈴木 一郎,not-an-email,05090000003,ip-phone,active,",
  "C-1,sc1001,山田 次郎,taro@example.jp,05090000004,ip-phone,active,",
  "C-4,sc1004,田中 二郎,jiro@example.jp,05090000001,ip-phone,active,",
  "C-5,demo0001,高橋 三郎,saburo@example.jp,05090000005,ip-phone,active,",
  "C-6,sc1006,伊藤 四郎,shiro@example.jp,05090000006,ip-phone,paused,",
].join("\n");

async function* text(value: string) {
  yield value;
}

describe.each(testTargets())("the CSV import on $name", ({ open }) => {
  const suite = demoDatabase({
    open,
    clear: [provisioningImports, kamailioLocations, sipCredentials, auditEvents, passwordChanges, customers],
  });
  const importCsv = async (csv: string, dryRun = false) => {
    const results: RowResult[] = [];
    const rejected: string[] = [];
    const writer = rejectedRowsWriter((part) => rejected.push(part));
    const counts = await runImport(
      text(csv),
      { db: suite.database.db, actor: { kind: "command-line" }, now, dryRun },
      {
        header: (cells) => writer.header(cells),
        row(result, cells) {
          results.push(result);
          writer.row(result, cells);
        },
      },
    );
    return { counts, results, rejectedCsv: rejected.join("") };
  };
  const tableSizes = async () =>
    rowsOf<{ customers: number; lines: number; audits: number; credentials: number }>(
      await suite.database.db.execute(sql`
        select (select count(*)::int from customers) as customers, (select count(*)::int from ip_phone_lines) as lines,
               (select count(*)::int from audit_events) as audits, (select count(*)::int from sip_credentials) as credentials`),
    )[0]!;

  it("creates customers and lines, live for the registrar; the same file again is all 変更なし", async () => {
    const first = await importCsv(header + good);
    expect(first.counts).toEqual({ rows: 3, created: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(first.results.map((result) => [result.row, result.externalId, result.number, result.outcome])).toEqual([
      [2, "C-1", "05090000001", "created"],
      [3, "C-1", "05090000002", "created"],
      [4, "C-2", "", "created"],
    ]);
    const [taro] = await suite.database.db.select().from(customers).where(eq(customers.externalId, "C-1"));
    expect(taro).toMatchObject({ selfCareId: "sc1001", displayName: "山田 太郎", mustChangePassword: true });
    expect(taro!.initialPasswordSealed).toBeTruthy();
    const lines = await suite.database.db.select().from(ipPhoneLines).where(eq(ipPhoneLines.customerId, taro!.id));
    expect(lines.map((line) => [line.number, line.status, line.suspensionReason]).sort()).toEqual([
      ["05090000001", "active", null],
      ["05090000002", "suspended", "non-payment"],
    ]);
    const live = rowsOf<{ username: string }>(
      await suite.database.db.execute(sql`select username from sip_line_credentials where username like '0509%'`),
    );
    expect(live.map((row) => row.username)).toEqual(["05090000001"]);

    const again = await importCsv(header + good);
    expect(again.counts).toEqual({ rows: 3, created: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(again.rejectedCsv).toBe("");
  });

  it("rejects broken rows with a reason in Japanese each and applies the rest", async () => {
    const before = await tableSizes();
    const { counts, results, rejectedCsv } = await importCsv(header + good + "\n" + broken);
    expect(counts).toEqual({ rows: 8, created: 3, updated: 0, unchanged: 0, rejected: 5 });
    const reasons = Object.fromEntries(results.filter((r) => r.outcome === "rejected").map((r) => [r.row, r.reason]));
    expect(reasons).toEqual({
      5: "メールアドレスの形式が正しくありません。",
      6: expect.stringContaining("お客様番号「C-1」が2行目と異なる内容で重複しています"),
      7: "IP加入電話番号 05090000001 が2行目と重複しています。",
      8: "セルフケアID「demo0001」は別のお客様が使用しています。",
      9: "状態は active、suspended、terminated のいずれかです。",
    });
    const rejectedLines = rejectedCsv.trimEnd().split("\r\n");
    expect(rejectedLines[0]).toBe(
      '"external_id","self_care_id","name","email","number","service_kind","status","suspension_reason","理由"',
    );
    expect(rejectedLines).toHaveLength(6);
    expect(rejectedLines[1]).toBe(
      '"C-3","sc1003","鈴木 一郎","not-an-email","05090000003","ip-phone","active","","メールアドレスの形式が正しくありません。"',
    );
    expect(await tableSizes()).toMatchObject({ customers: before.customers + 2, lines: before.lines + 2 });
  });

  it("refuses a line held by another customer, saying the customer's half went in", async () => {
    await importCsv(header + good);
    const { results } = await importCsv(header + "C-9,sc1009,渡辺 五郎,goro@example.jp,05090000001,ip-phone,active,\n");
    expect(results[0]).toMatchObject({
      outcome: "rejected",
      reason: "IP加入電話番号 05090000001 は別のお客様の回線です。（お客様の情報は反映しました）",
    });
  });

  it("dry-runs the same table without writing anything", async () => {
    const before = await tableSizes();
    const dry = await importCsv(header + good + "\n" + broken, true);
    expect(await tableSizes()).toEqual(before);
    const real = await importCsv(header + good + "\n" + broken);
    expect(dry.results).toEqual(real.results);
    expect(dry.rejectedCsv).toBe(real.rejectedCsv);
  });

  it("never deletes: customers and lines left out of a file stay as they were", async () => {
    await importCsv(header + good);
    const before = await tableSizes();
    const { counts } = await importCsv(header + "C-2,sc1002,佐藤 花子,hanako@example.jp,,,,\n");
    expect(counts.unchanged).toBe(1);
    expect(await tableSizes()).toMatchObject({
      customers: before.customers,
      lines: before.lines,
      credentials: before.credentials,
    });
  });

  it("refuses a file without a usable header, before anything is written", async () => {
    await expect(importCsv("id,name\nC-1,山田\n")).rejects.toThrow("「id」は使用できない列名です");
    await expect(importCsv("")).rejects.toThrow("ファイルが空です");
    await expect(importCsv(header + 'C-1,"sc1001\n')).rejects.toThrow("CSVの形式が正しくありません");
  });

  it("in the console: a checked upload is stored, applied once, then its file wiped", async () => {
    const [admin] = await suite.database.db.select().from(customers).where(eq(customers.selfCareId, "admin0001"));
    const bytes = new TextEncoder().encode("\uFEFF" + header + good + "\n" + broken);
    const checked = await checkImport({ bytes, fileName: "billing.csv", encoding: "auto", adminId: admin!.id, now });
    if (!("id" in checked)) throw new Error(checked.error);
    const [stored] = await suite.database.db
      .select()
      .from(provisioningImports)
      .where(eq(provisioningImports.id, checked.id));
    expect(stored).toMatchObject({ status: "checked", encoding: "utf-8", rows: 8, accepted: 3, rejected: 5 });
    expect(stored!.content).toBe(header + good + "\n" + broken);
    expect(stored!.rejectedCsv).toContain("理由");
    expect(await suite.database.db.select().from(customers).where(eq(customers.externalId, "C-1"))).toEqual([]);

    // Applied when a second admin approves the request (lib/operators/approvals.int.test.ts has the rest).
    const [second] = await suite.database.db.select().from(customers).where(eq(customers.selfCareId, "admin0002"));
    const why = { reason: "契約内容の変更" };
    const requested = await requestImportApply({ importId: checked.id, operatorId: admin!.id, why, now });
    if (requested.kind !== "requested") throw new Error(requested.kind);
    const [first, again] = await Promise.all([
      decide({ id: requested.id, decision: "approve", operatorId: second!.id, now }),
      decide({ id: requested.id, decision: "approve", operatorId: second!.id, now }),
    ]);
    expect([first!.kind, again!.kind].sort()).toEqual(["approved", "refused"]);
    const [applied] = await suite.database.db
      .select()
      .from(provisioningImports)
      .where(eq(provisioningImports.id, checked.id));
    expect(applied).toMatchObject({ status: "applied", content: null, rows: 8, accepted: 3, rejected: 5 });
    expect(await suite.database.db.select().from(customers).where(eq(customers.externalId, "C-1"))).toHaveLength(1);
    const audits = await suite.database.db.select().from(auditEvents).where(eq(auditEvents.customerId, admin!.id));
    expect(audits.map((event) => event.type).sort()).toEqual(["import.checked"]);
    const applies = await suite.database.db.select().from(auditEvents).where(eq(auditEvents.customerId, second!.id));
    expect(applies.map((event) => event.type)).toEqual(["import.applied"]);

    const stale = await checkImport({ bytes, fileName: "again.csv", encoding: "utf-8", adminId: admin!.id, now });
    if (!("id" in stale)) throw new Error(stale.error);
    expect(await wipeOldImportContent(new Date(Date.now() + 1000))).toBe(1);
    expect(await requestImportApply({ importId: stale.id, operatorId: admin!.id, why, now })).toEqual({
      kind: "refused",
    });
  });

  it("in the console: an unreadable file is answered with why", async () => {
    const [admin] = await suite.database.db.select().from(customers).where(eq(customers.selfCareId, "admin0001"));
    const shiftJisName = Uint8Array.from([0x8e, 0x52, 0x93, 0x63]);
    const checked = await checkImport({
      bytes: Uint8Array.from([...new TextEncoder().encode(header + "C-1,sc1001,"), ...shiftJisName]),
      fileName: "x.csv",
      encoding: "utf-8",
      adminId: admin!.id,
      now,
    });
    expect(checked).toEqual({ error: expect.stringContaining("UTF-8として読み取れません") });
  });
});

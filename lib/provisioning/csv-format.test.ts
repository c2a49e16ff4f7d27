import { describe, expect, it } from "vitest";
import { customerFingerprint, parseRow, readHeader, type Header } from "./csv-format";

const english = [
  "external_id",
  "self_care_id",
  "name",
  "email",
  "number",
  "service_kind",
  "status",
  "suspension_reason",
];
const header = (cells: string[]): Header => {
  const read = readHeader(cells);
  if ("error" in read) throw new Error(read.error);
  return read.header;
};

describe("the import's header row", () => {
  it("takes the English and the Japanese names, in any order, full-width and with spaces", () => {
    const japanese = header([
      "ＩＰ加入電話番号",
      " お客様番号 ",
      "セルフケアID",
      "お名前",
      "メールアドレス",
      "サービス種別",
      "状態",
      "停止理由",
    ]);
    expect(japanese.positions).toMatchObject({ number: 0, external_id: 1, suspension_reason: 7 });
    expect(header(english.map((name) => name.toUpperCase())).positions.email).toBe(3);
  });

  it("lets a file of customers only leave the line columns out, and ignores a rejected file's 理由", () => {
    expect(header(["external_id", "self_care_id", "name", "email", "理由"]).positions.number).toBeUndefined();
  });

  it("refuses unknown, repeated and missing columns, saying which", () => {
    expect(readHeader([...english, "memo"])).toEqual({ error: expect.stringContaining("「memo」は使用できない列名") });
    expect(readHeader(["external_id", "お客様番号"])).toEqual({ error: expect.stringContaining("重複") });
    expect(readHeader(["external_id", "self_care_id", "name", "email", "number"])).toEqual({
      error: expect.stringContaining("service_kind（サービス種別）、status（状態）"),
    });
  });
});

describe("one row", () => {
  const columns = header(english);
  const row = (cells: Partial<Record<string, string>>) =>
    parseRow(
      columns,
      english.map((name) => cells[name] ?? ""),
    );
  const good = {
    external_id: "C-1",
    self_care_id: "sc0001",
    name: " 山田 太郎 ",
    email: "taro@example.jp",
    number: "０５０-１２３４-５６７８",
    service_kind: "b2bua",
    status: "suspended",
    suspension_reason: "fraud",
  };

  it("becomes a customer and a line, normalised by the shared schemas", () => {
    expect(row(good)).toEqual({
      ok: true,
      externalId: "C-1",
      number: "05012345678",
      customer: { externalId: "C-1", selfCareId: "sc0001", name: "山田 太郎", email: "taro@example.jp" },
      line: {
        number: "05012345678",
        customerExternalId: "C-1",
        serviceKind: "b2bua",
        status: "suspended",
        suspensionReason: "fraud",
      },
    });
  });

  it("with an empty number is the customer alone, and may not carry a line's details", () => {
    expect(row({ ...good, number: "", service_kind: "", status: "", suspension_reason: "" })).toMatchObject({
      ok: true,
      line: null,
    });
    expect(row({ ...good, number: "" })).toMatchObject({ ok: false, reason: expect.stringContaining("空欄") });
  });

  it("refused gives every reason in Japanese at once", () => {
    const refused = row({ ...good, email: "taro", number: "0312345678", status: "active" });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.reason).toContain("メールアドレスの形式が正しくありません。");
    expect(refused.reason).toContain("IP加入電話番号は050から始まる11桁です");
    expect(refused.reason).toContain("停止理由は停止中の回線にだけ指定します。");
    expect(row({ ...good, status: "", suspension_reason: "" })).toMatchObject({
      ok: false,
      reason: "状態は active、suspended、terminated のいずれかです。",
    });
  });

  it("with the wrong number of cells is refused as such", () => {
    expect(parseRow(columns, ["C-1", "sc0001"])).toMatchObject({ ok: false, reason: expect.stringContaining("2列") });
  });

  it("tells a repeated customer with other details by its fingerprint", () => {
    const base = { externalId: "C-1", selfCareId: "sc0001", name: "山田", email: "a@example.jp" };
    expect(customerFingerprint(base)).toBe(customerFingerprint({ ...base }));
    expect(customerFingerprint(base)).not.toBe(customerFingerprint({ ...base, email: "b@example.jp" }));
  });
});

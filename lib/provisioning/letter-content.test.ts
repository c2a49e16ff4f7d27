import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import {
  ADDED_LINES_SUBTITLE,
  letterContent,
  SELF_CARE_PASSWORD_NOT_PRINTED,
  SIP_PASSWORD_NOT_PRINTED,
  type LetterData,
} from "./letter-content";
import { renderLetters } from "./letter-pdf";

const support = { name: "IP加入電話 サポートセンター", phone: "0120-000-050", hours: "9:00～18:00", url: undefined };
const data: LetterData = {
  name: "山田 太郎",
  selfCareId: "sc100001",
  initialPassword: "AbCdEfGh234567",
  // 2026-11-24 00:30 in Japan, still the 23rd in UTC: the date is Japan's.
  issuedAt: new Date("2026-11-23T15:30:00Z"),
  signInUrl: "https://selfcare.example.jp/login",
  support,
  lines: [
    { number: "05012345678", serviceKind: "ip-phone", status: "active", sipPassword: "k7m2x9qa" },
    { number: "05087654321", serviceKind: "b2bua", status: "suspended", sipPassword: null },
  ],
};

describe("the letter's content", () => {
  const content = letterContent(data);

  it("addresses the customer and dates the letter in Japan time", () => {
    expect(content.title).toBe("サービス開始のご案内");
    expect(content.addressee).toBe("山田 太郎 様");
    expect(content.issued).toBe("発行日：2026年11月24日");
  });

  it("carries the self-care ID, the initial password and the sign-in address", () => {
    expect(content.selfCare.rows.map((row) => [row.label, row.value])).toEqual([
      ["セルフケアID", "sc100001"],
      ["セルフケアパスワード（初回ログイン用）", "AbCdEfGh234567"],
      ["ログインページ", "https://selfcare.example.jp/login"],
    ]);
  });

  it("lists each line with its SIP password, or says why one is not printed, and marks a suspended line", () => {
    expect(content.lines.rows).toEqual([
      { number: "05012345678", note: null, service: "IP電話サービス", password: "k7m2x9qa" },
      { number: "05087654321", note: "利用停止中", service: "B2BUAサービス", password: null },
    ]);
    expect(letterContent({ ...data, lines: [] }).lines.empty).toContain("ありません");
  });

  it("on a letter for added lines, says where the self-care password is instead of printing one", () => {
    const added = letterContent({ ...data, initialPassword: null });
    expect(content.subtitle).toBeNull();
    expect(added.subtitle).toBe(ADDED_LINES_SUBTITLE);
    expect(added.selfCare.rows.map((row) => [row.label, row.value])).toEqual([
      ["セルフケアID", "sc100001"],
      ["セルフケアパスワード", SELF_CARE_PASSWORD_NOT_PRINTED],
      ["ログインページ", "https://selfcare.example.jp/login"],
    ]);
    expect(added.intro).toContain("追加");
    expect(added.steps.items.join("")).not.toContain("本紙のセルフケアパスワード");
    expect(added.lines.rows).toEqual(content.lines.rows);
  });

  it("explains the first sign-in and the safekeeping, and whom to call", () => {
    const steps = content.steps.items.join("");
    expect(steps).toContain("認証コード");
    expect(steps).toContain("セルフケアパスワードの変更が必要");
    const safekeeping = content.safekeeping.items.join("");
    expect(safekeeping).toContain("大切に保管");
    expect(safekeeping).toContain("第三者");
    expect(safekeeping).toContain("お客様の責任");
    expect(content.support).toContain("0120-000-050");
  });
});

describe("the letters' PDF", () => {
  it("puts each customer on its own A4 page with the Japanese text extractable", async () => {
    const pdf = await renderLetters([
      letterContent(data),
      letterContent({ ...data, name: "佐藤 花子", initialPassword: null, lines: [] }),
    ]);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    // Subset: the 5 MB fonts are not embedded whole.
    expect(pdf.length).toBeLessThan(200_000);
    const document = await getDocumentProxy(new Uint8Array(pdf));
    const page = await document.getPage(1);
    const [, , width, height] = page.view;
    expect([Math.round(width!), Math.round(height!)]).toEqual([595, 842]);
    const { totalPages, text } = await extractText(document, { mergePages: false });
    expect(totalPages).toBe(2);
    for (const expected of [
      "山田 太郎 様",
      "sc100001",
      "AbCdEfGh234567",
      "05012345678",
      "k7m2x9qa",
      SIP_PASSWORD_NOT_PRINTED,
    ]) {
      // A long cell wraps: compared without the line breaks and spaces extraction puts there.
      expect(text[0]!.replace(/\s/g, "")).toContain(expected.replace(/\s/g, ""));
    }
    expect(text[1]).toContain("佐藤 花子 様");
    expect(text[1]).toContain(ADDED_LINES_SUBTITLE);
    expect(text[1]).not.toContain("AbCdEfGh234567");
  });
});

import { render } from "@react-email/components";
import { describe, expect, it } from "vitest";
import { renderMail } from "../index";
import { loginCodeMail } from "./login-code";

describe("the login code email", () => {
  it("keeps the code out of the preview text that lock screens and notifications show", async () => {
    const mail = loginCodeMail("demo0001@example.jp", {
      name: "デモ 一郎",
      code: "482913",
      expiresAt: new Date("2026-11-24T05:10:00Z"),
    });
    const html = await render(mail.body);
    // React Email puts the preview first in the body, in a hidden block.
    const preview = /<div[^>]*display:none[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? "";
    expect(preview).toContain("認証コード");
    expect(preview).not.toContain("482913");
    expect(mail.subject).not.toContain("482913");
    expect(html).toContain("482913");
  });
});

describe("rendering an email", () => {
  it("renders once and derives the same text a second plain-text render would", async () => {
    const mail = loginCodeMail("demo0001@example.jp", {
      name: "デモ 一郎",
      code: "482913",
      expiresAt: new Date("2026-11-24T05:10:00Z"),
    });
    const { html, text } = await renderMail(mail);
    expect(html).toBe(await render(mail.body));
    expect(text).toBe(await render(mail.body, { plainText: true }));
    expect(text).toContain("482913");
  });
});

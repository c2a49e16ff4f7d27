import { render } from "@react-email/components";
import { describe, expect, it } from "vitest";
import { changeAcceptedMail } from "@/lib/mail/templates/change-accepted";
import { changeCancelledMail } from "@/lib/mail/templates/change-cancelled";
import { changeReflectedMail } from "@/lib/mail/templates/change-reflected";
import { codeLockNoticeMail } from "@/lib/mail/templates/code-lock-notice";
import { lockoutNoticeMail } from "@/lib/mail/templates/lockout-notice";
import { loginCodeMail } from "@/lib/mail/templates/login-code";
import { registrationReminderMail } from "@/lib/mail/templates/registration-reminder";
import { staleDeviceMail } from "@/lib/mail/templates/stale-device";
import { strangerAttemptsMail } from "@/lib/mail/templates/stranger-attempts";
import { guessFloodMail } from "@/lib/mail/templates/guess-flood";
import { reflectionTime } from "@/lib/changes/reflection";
import { typographyProblems } from "./typography";
import { selfCarePasswordChangedMail } from "@/lib/mail/templates/self-care-password-changed";
import { internationalChangedMail } from "@/lib/mail/templates/international-changed";

describe("the typography check", () => {
  it.each([
    ["知られると、 不正に", "half-width space after"],
    ["お送りしました。 メールに", "half-width space after"],
    ["新しいパスワード (確認)", "half-width brackets"],
    ["バッチ: 3件", "half-width colon"],
    ["再送信は 58 秒後から", "number and its unit"],
    ["「入力画面」 を押す", "between Japanese words"],
  ])("finds the slip in 「%s」", (text, rule) => {
    expect(typographyProblems(text).join("\n")).toContain(rule);
  });

  it.each([
    "ご登録のメールアドレス d***@example.jp に認証コードをお送りしました。",
    "山田 太郎 様",
    "パスワード反映時間 2026年11月24日 17:30（14:00 ～ 17:30 は発着信できません）",
    "新IP加入電話パスワード(確認用)",
    "確認のためもう一度、新しいIP加入電話パスワードを入力してください。 (8文字)",
    "IP-Phone (SIP) 58秒後",
  ])("passes 「%s」", (text) => {
    expect(typographyProblems(text)).toEqual([]);
  });
});

describe("every email", () => {
  const at = new Date("2026-11-24T05:00:30Z");
  const mails = [
    loginCodeMail("a@example.jp", { name: "山田 太郎", code: "482913", expiresAt: at }),
    loginCodeMail("a@example.jp", { name: "山田 太郎", code: "482913", expiresAt: at, purpose: "password-change" }),
    selfCarePasswordChangedMail("a@example.jp", { name: "山田 太郎", changedAt: at }),
    changeAcceptedMail("a@example.jp", {
      name: "山田 太郎",
      number: "05012345678",
      serviceKind: "b2bua",
      requestedAt: at,
      reflection: reflectionTime("b2bua", at),
      switchMode: "routine",
      graceUntil: new Date(reflectionTime("b2bua", at).at.getTime() + 72 * 3_600_000),
    }),
    changeAcceptedMail("a@example.jp", {
      name: "山田 太郎",
      number: "05012345678",
      serviceKind: "ip-phone",
      requestedAt: at,
      reflection: reflectionTime("ip-phone", at),
      switchMode: "emergency",
      graceUntil: null,
    }),
    changeCancelledMail("a@example.jp", { name: "山田 太郎", number: "05012345678", cancelledAt: at }),
    changeReflectedMail("a@example.jp", {
      name: "山田 太郎",
      number: "05012345678",
      switchMode: "routine",
      graceUntil: at,
    }),
    changeReflectedMail("a@example.jp", {
      name: "山田 太郎",
      number: "05012345678",
      switchMode: "emergency",
      graceUntil: null,
    }),
    codeLockNoticeMail("a@example.jp", { name: "山田 太郎", lockedUntil: at }),
    lockoutNoticeMail("a@example.jp", { name: "山田 太郎", lockedUntil: at }),
    registrationReminderMail("a@example.jp", {
      name: "山田 太郎",
      number: "05012345678",
      appliedAt: at,
      graceUntil: at,
    }),
    registrationReminderMail("a@example.jp", {
      name: "山田 太郎",
      number: "05012345678",
      appliedAt: at,
      graceUntil: null,
    }),
    strangerAttemptsMail("a@example.jp", { name: "山田 太郎", number: "05012345678" }),
    staleDeviceMail("a@example.jp", { name: "山田 太郎", number: "05012345678" }),
    guessFloodMail("a@example.jp", { name: "山田 太郎", number: "05012345678", wrong: 1234, addresses: 567 }),
    ...(["enabled", "disabled", "operator-off", "idle-off", "burst"] as const).map((change) =>
      internationalChangedMail("a@example.jp", { name: "山田 太郎", number: "05012345678", change, at, months: 6 }),
    ),
  ];

  it.each(mails.map((mail) => [mail.subject, mail] as const))(
    "「%s」 reads as Japanese is written",
    async (_, mail) => {
      const text = await render(mail.body, { plainText: true });
      expect(text.length).toBeGreaterThan(100);
      expect([mail.subject, ...typographyProblems(text)].slice(1)).toEqual([]);
      expect(typographyProblems(mail.subject)).toEqual([]);
    },
  );
});

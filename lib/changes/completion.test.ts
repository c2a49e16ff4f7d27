import { describe, expect, it } from "vitest";
import { completionHeadline } from "./completion";

const requestedAt = new Date("2026-11-24T05:00:00Z"); // 14:00 JST
const reflectionAt = new Date("2026-11-24T08:30:00Z"); // 17:30 JST
const base = {
  serviceKind: "b2bua" as const,
  requestedAt,
  reflectionAt,
  appliedAt: null,
  cancelledAt: null,
  graceEndedAt: null,
};
const routine = { ...base, switchMode: "routine" as const, graceUntil: new Date("2026-11-27T08:30:00Z") };
const emergency = { ...base, switchMode: "emergency" as const, graceUntil: null };

describe("the completion page's first words, per status and way of changing", () => {
  it("pending: when to reconfigure the device, and for an emergency that the old password already stopped", () => {
    const calm = completionHeadline({ ...routine, status: "pending" });
    expect(calm.title).toBe("IP加入電話パスワードの変更が完了しました。");
    expect(calm.body).toContain("を過ぎてから 2026年11月27日 17:30 までに");
    const urgent = completionHeadline({ ...emergency, status: "pending" });
    expect(urgent.title).toContain("今のパスワードは使えなくなりました");
    expect(urgent.body).toContain("設定を変更するまで発着信できません");
  });

  it("reflected: the grace's end while it runs, that it ended when a device registered, or no grace at all", () => {
    const appliedAt = reflectionAt;
    expect(completionHeadline({ ...routine, status: "reflected", appliedAt }).body).toContain(
      "2026年11月27日 17:30 までに、IP電話対応機器の設定を新しいパスワードに変更してください",
    );
    const ended = completionHeadline({
      ...routine,
      status: "reflected",
      appliedAt,
      graceEndedAt: new Date("2026-11-24T09:00:00Z"),
    });
    expect(ended.body).toContain("以前のパスワードは使えなくなりました");
    expect(completionHeadline({ ...emergency, status: "reflected", appliedAt }).body).toContain(
      "以前のパスワードは使えません",
    );
  });

  it("never says complete for a change that did not happen", () => {
    for (const status of ["superseded", "cancelled", "failed"] as const) {
      for (const change of [routine, emergency]) {
        expect(completionHeadline({ ...change, status, cancelledAt: requestedAt }).title).not.toContain("完了");
      }
    }
  });
});

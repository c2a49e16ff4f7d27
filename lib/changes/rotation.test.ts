import { describe, expect, it } from "vitest";
import { reflectionTime } from "./reflection";
import {
  describeInterruption,
  deviceInstruction,
  graceUntil,
  passwordTimeline,
  predictRotation,
  previousPasswordUntil,
  switchModeConsequence,
} from "./rotation";

const HOUR = 3_600_000;
const at14 = new Date("2026-11-24T05:00:00Z"); // 14:00 JST: B2BUA reflected at 17:30 JST
const b2bua = reflectionTime("b2bua", at14);
const routine = {
  mode: "routine" as const,
  requestedAt: at14,
  reflection: b2bua,
  graceUntil: graceUntil("routine", b2bua.at, 72 * HOUR),
};
const emergency = { mode: "emergency" as const, requestedAt: at14, reflection: b2bua, graceUntil: null };

describe("the two ways of changing, as the pages say them", () => {
  it("gives a routine change a grace from the reflection time, and an emergency change none", () => {
    expect(routine.graceUntil).toEqual(new Date("2026-11-27T08:30:00Z"));
    expect(graceUntil("emergency", b2bua.at, 72 * HOUR)).toBeNull();
  });

  it("has no interruption for a routine change, and the manual's window for an emergency one", () => {
    expect(describeInterruption(routine)).toBe("ありません");
    expect(describeInterruption(emergency)).toBe("14:00 ～ 17:30");
  });

  it("tells until when the old password works and from when the new one does", () => {
    expect(passwordTimeline(routine)).toEqual({
      old: "反映時間を過ぎても、新しいパスワードで機器を登録するまで使えます（遅くとも 2026年11月27日 17:30 まで）",
      next: "2026年11月24日 17:30 から使えます",
    });
    expect(passwordTimeline({ ...routine, graceEndedAt: new Date("2026-11-24T09:02:00Z") }).old).toBe(
      "2026年11月24日 18:02 に使えなくなりました（新しいパスワードで機器が登録されたため）",
    );
    expect(passwordTimeline(emergency)).toEqual({
      old: "2026年11月24日 14:00（お手続きの時点）から使えません",
      next: "2026年11月24日 17:30 から使えます",
    });
  });

  it("says when to reconfigure the device: after the reflection, and for a routine change before the grace ends", () => {
    expect(deviceInstruction(routine)).toContain(
      "パスワード反映時間（2026年11月24日 17:30）を過ぎてから 2026年11月27日 17:30 までに",
    );
    expect(deviceInstruction(routine)).toContain("それまでは今の設定のまま発着信できます");
    expect(deviceInstruction(emergency)).toContain("今のパスワードはすでに使えません");
    expect(deviceInstruction(emergency)).toContain("設定を変更するまで発着信できません");
  });

  it("states the grace's length in each option's consequence", () => {
    expect(switchModeConsequence("routine", 72 * HOUR)).toContain("最長72時間");
    expect(switchModeConsequence("routine", 24 * HOUR)).toContain("最長24時間");
    expect(switchModeConsequence("emergency", 72 * HOUR)).toContain("反映時間まで発着信できません");
  });

  it("predicts what the server will record for a change made now, per way of changing", () => {
    expect(predictRotation("b2bua", "routine", at14, 72 * HOUR)).toMatchObject({
      reflection: "2026年11月24日 17:30",
      interruption: "ありません",
    });
    expect(predictRotation("ip-phone", "emergency", at14, 72 * HOUR)).toMatchObject({
      reflection: "15分以内（2026年11月24日 14:15 まで）",
      interruption: "14:00 ～ 14:15",
    });
  });

  it("keeps the previous password for the planned grace when applied on time, and a full grace from a late application", () => {
    const change = { switchMode: "routine" as const, graceUntil: routine.graceUntil, reflectionAt: b2bua.at };
    const onTime = new Date(b2bua.at.getTime() + 40_000);
    expect(previousPasswordUntil(change, onTime, 72 * HOUR)).toEqual(routine.graceUntil);
    const retriedDaysLater = new Date(b2bua.at.getTime() + 5 * 24 * HOUR);
    expect(previousPasswordUntil(change, retriedDaysLater, 72 * HOUR)).toEqual(
      new Date(retriedDaysLater.getTime() + 72 * HOUR),
    );
    expect(
      previousPasswordUntil({ ...change, switchMode: "emergency", graceUntil: null }, onTime, 72 * HOUR),
    ).toBeNull();
  });
});

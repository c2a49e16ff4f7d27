// How a change switches the line from the old password to the new one, as every page and email says it. The
// registrar enforces the same (deploy/kamailio/kamailio.cfg; docs/architecture.md, "Rotation"):
// - routine: the old password keeps working, for registrations and calls, until the reflection time and after it
//   until a device of the line registers with the new one or the grace ends, whichever comes first. No interruption.
// - emergency: the old password stops at the request and every registration of the line is removed; the new one
//   works from the reflection time. The manual's outage, made deliberate.
// Pure and client-safe: the grace's length comes in as a parameter (PREVIOUS_PASSWORD_GRACE_HOURS on the server).
import { switchModes, type SwitchMode } from "@/db/enums";
import { formatDuration } from "@/lib/duration";
import { formatJst } from "@/lib/jst";
import { OVERDUE_GRACE_MS } from "./status";
import { describeOutage, describeReflection, reflectionTime, type Reflection, type ServiceKind } from "./reflection";

export { switchModes, type SwitchMode } from "@/db/enums";

/** The radio group's options, as the form shows them. */
export const switchModeLabels: Record<SwitchMode, string> = {
  routine: "通常（おすすめ）",
  emergency: "緊急（パスワードが漏れたおそれがある場合）",
};

/** The short names the history, the admin pages and the emails use. */
export const switchModeNames: Record<SwitchMode, string> = { routine: "通常", emergency: "緊急" };

/** One sentence of consequence per option, shown under it on the form. */
export function switchModeConsequence(mode: SwitchMode, graceMs: number): string {
  if (mode === "routine") {
    return `発着信は止まりません。今のパスワードは反映時間を過ぎても、新しいパスワードで機器を登録するまで（反映時間から最長${formatDuration(graceMs)}）使えます。`;
  }
  return "更新した時点で今のパスワードは使えなくなり、接続中の機器もすべて切断されます。反映時間まで発着信できません。";
}

export function isSwitchMode(value: unknown): value is SwitchMode {
  return (switchModes as readonly unknown[]).includes(value);
}

/**
 * Until when the password in force keeps working once a change is applied at `now`: a routine change's grace (from
 * its reflection time, or from now when it is applied late, as an admin's retry of a failed one is, so a late
 * application never cuts the line off), an emergency change's none.
 */
export function previousPasswordUntil(
  change: { switchMode: SwitchMode; graceUntil: Date | null; reflectionAt: Date },
  now: Date,
  graceMs: number,
): Date | null {
  if (change.switchMode === "emergency") return null;
  const planned = change.graceUntil ?? new Date(change.reflectionAt.getTime() + graceMs);
  const late = now.getTime() - change.reflectionAt.getTime() > OVERDUE_GRACE_MS;
  return late && now.getTime() + graceMs > planned.getTime() ? new Date(now.getTime() + graceMs) : planned;
}

/** The latest a routine change's old password works: the reflection time plus the grace. None for an emergency. */
export function graceUntil(mode: SwitchMode, reflectionAt: Date, graceMs: number): Date | null {
  return mode === "routine" ? new Date(reflectionAt.getTime() + graceMs) : null;
}

type Rotation = {
  mode: SwitchMode;
  requestedAt: Date;
  reflection: Reflection;
  /** The planned end of the grace (routine). */
  graceUntil: Date | null;
  /** When a device's registration with the new password ended the grace sooner, if it did. */
  graceEndedAt?: Date | null;
};

/** 発着信できない時間: none for a routine change; the request-to-reflection window for an emergency. */
export function describeInterruption({ mode, requestedAt, reflection }: Rotation): string {
  return mode === "routine" ? "ありません" : describeOutage(requestedAt, reflection);
}

/** The timeline of the two passwords: until when the old one works, from when the new one does. */
export function passwordTimeline(rotation: Rotation): { old: string; next: string } {
  const from = describeReflection(rotation.reflection);
  // 「…14:15 まで）から」: no space after a closing bracket.
  const next = `${from}${from.endsWith("）") ? "" : " "}から使えます`;
  if (rotation.mode === "emergency") {
    return { old: `${formatJst(rotation.requestedAt)}（お手続きの時点）から使えません`, next };
  }
  if (rotation.graceEndedAt) {
    return {
      old: `${formatJst(rotation.graceEndedAt)} に使えなくなりました（新しいパスワードで機器が登録されたため）`,
      next,
    };
  }
  return {
    old: `反映時間を過ぎても、新しいパスワードで機器を登録するまで使えます（遅くとも ${formatJst(rotation.graceUntil!)} まで）`,
    next,
  };
}

/** One line for the history and the admin pages: until when the previous password worked, or works. */
export function describePreviousPassword({
  mode,
  graceUntil: until,
  graceEndedAt,
}: Omit<Rotation, "requestedAt" | "reflection">): string {
  if (mode === "emergency") return "以前のパスワードは受付時に停止";
  if (graceEndedAt) return `以前のパスワードは ${formatJst(graceEndedAt)} に停止（新しいパスワードで登録）`;
  return `以前のパスワードは ${formatJst(until!)} まで`;
}

/** When to put the new password into the device: after the reflection time, and for a routine change before the grace ends. */
export function deviceInstruction({ mode, reflection, graceUntil: until }: Rotation): string {
  const from = `パスワード反映時間（${describeReflection(reflection)}）`;
  if (mode === "emergency") {
    return `今のパスワードはすでに使えません。${from}を過ぎたら、IP電話対応機器の設定を新しいパスワードに変更してください。設定を変更するまで発着信できません。`;
  }
  return `${from}を過ぎてから ${formatJst(until!)} までに、IP電話対応機器の設定を新しいパスワードに変更してください。それまでは今の設定のまま発着信できます。反映時間より前に変更すると、反映時間まで機器が接続できなくなります。`;
}

/** "If you update now", per way of changing: the reflection time, the interruption and the old password's end. */
export function predictRotation(service: ServiceKind, mode: SwitchMode, now: Date, graceMs: number) {
  const reflection = reflectionTime(service, now);
  const rotation = { mode, requestedAt: now, reflection, graceUntil: graceUntil(mode, reflection.at, graceMs) };
  return {
    reflection: describeReflection(reflection),
    interruption: describeInterruption(rotation),
    timeline: passwordTimeline(rotation),
  };
}

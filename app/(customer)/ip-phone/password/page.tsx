import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { requireCustomer } from "@/lib/auth/guards";
import { linesWithPendingChange } from "@/db/queries/customer-changes";
import { now } from "@/lib/server/clock";
import { describeReflection, reflectionMode, serviceNames } from "@/lib/changes/reflection";
import { isSwitchMode, predictRotation, switchModeNames, switchModes } from "@/lib/changes/rotation";
import { normalizeLineNumber } from "@/lib/changes/line-number";
import { env } from "@/lib/env";
import { ChangeForm } from "./change-form";
import type { LineInfo } from "./line-prediction";
import { changeNotices, passwordRulesList, reflectionScheduleSection } from "./notices";

export const metadata: Metadata = { title: "IP加入電話パスワード変更" };

export default async function PasswordChangePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireCustomer();
  // Only an active line's password can change (the action refuses the others, lib/changes/password-change.ts); the
  // menu says why a line is suspended.
  const every = await linesWithPendingChange(session.user.id);
  const lines = every.filter((line) => line.status === "active");
  const suspended = every.filter((line) => line.status === "suspended");
  // From 「機器の接続状況」: one of the customer's own lines, and the way of changing, chosen in advance.
  const { number, mode } = await searchParams;
  const presetNumber = typeof number === "string" ? normalizeLineNumber(number) : undefined;
  const preset = {
    number: lines.some((line) => line.number === presetNumber) ? presetNumber : undefined,
    switchMode: isSwitchMode(mode) ? mode : undefined,
  };
  const at = now();
  const graceMs = env().previousPasswordGraceMs;
  const info: LineInfo[] = lines.map((line) => {
    const change = line.pending;
    return {
      number: line.number,
      label: serviceNames[line.serviceKind],
      serviceKind: line.serviceKind,
      cutOff: line.cutOff || change?.switchMode === "emergency",
      pendingReflection: change
        ? describeReflection({ at: change.reflectionAt, mode: reflectionMode(change.serviceKind) })
        : null,
    };
  });

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">IP加入電話パスワード変更</h1>
      <p className="leading-relaxed">
        ここでは、IP加入電話パスワードを変更できます。入力できる文字は、半角英小文字と数字のみです。
      </p>
      {suspended.length > 0 && (
        <p className="rounded border-l-4 border-amber-600 bg-amber-50 px-4 py-3" data-testid="suspended-lines-note">
          {`利用停止中の番号（${suspended.map((line) => line.number).join("、")}）は、パスワードを変更できません。停止の理由はメニューでご確認ください。`}
        </p>
      )}
      {info.length > 0 && (
        <section
          aria-labelledby="lines-heading"
          className="space-y-2 rounded border border-brand-100 bg-white p-4 text-sm"
        >
          <h2 id="lines-heading" className="font-bold">
            ご契約中の番号と、今すぐ更新した場合の反映時間
          </h2>
          <ul className="space-y-2">
            {info.map((line) => {
              const modes = line.cutOff ? (["emergency"] as const) : switchModes;
              return (
                <li key={line.number} data-testid="line-prediction">
                  <span className="font-mono">{line.number}</span>（{line.label}）：パスワード反映時間は
                  <strong>{predictRotation(line.serviceKind, "routine", at, graceMs).reflection}</strong>
                  、発着信できない時間は
                  {modes.map((mode, index) => (
                    <span key={mode}>
                      {index > 0 && "／"}
                      {switchModeNames[mode]}：
                      <strong>{predictRotation(line.serviceKind, mode, at, graceMs).interruption}</strong>
                    </span>
                  ))}
                  。
                  {line.cutOff && (
                    <span className="block font-bold text-amber-900">
                      緊急の変更で停止中です。新しい変更も緊急として扱われます。
                    </span>
                  )}
                  {line.pendingReflection && (
                    <span className="block font-bold text-amber-900">
                      反映待ちの変更があります（{line.pendingReflection}
                      ）。更新するとその変更は置き換えられ、反映時間が遅くなる場合があります。
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <ChangeForm
        requestToken={randomUUID()}
        lines={info}
        rules={passwordRulesList}
        notices={changeNotices(graceMs)}
        serverNow={at.getTime()}
        graceMs={graceMs}
        preset={preset}
      />
      <p>
        <Link href="/menu" className="text-brand-700 underline">
          戻る（メニューへ）
        </Link>
      </p>
      {reflectionScheduleSection}
    </div>
  );
}

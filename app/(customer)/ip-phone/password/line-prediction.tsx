"use client";

import type { ServiceKind } from "@/db/enums";
import { normalizeLineNumber } from "@/lib/changes/line-number";
import { predictRotation, type SwitchMode } from "@/lib/changes/rotation";

export type LineInfo = {
  number: string;
  label: string;
  serviceKind: ServiceKind;
  pendingReflection: string | null;
  /** An emergency change has cut the line off (pending or failed): a new change is an emergency one too. */
  cutOff: boolean;
};

/** The way of changing a line actually gets: a line that is cut off stays cut off until a reflection. */
const effectiveMode = (line: LineInfo, chosen: SwitchMode): SwitchMode => (line.cutOff ? "emergency" : chosen);

/**
 * "If you update now" for the number in the field and the way of changing chosen, computed with lib/changes on the
 * server's clock (the offset measured when the page was made), so it is what the server will compute when the form
 * is sent.
 */
export function LinePrediction({
  lines,
  typed,
  mode,
  now,
  graceMs,
}: {
  lines: LineInfo[];
  typed: string;
  mode: SwitchMode;
  now: Date;
  graceMs: number;
}) {
  const line = lines.find((candidate) => candidate.number === normalizeLineNumber(typed));
  if (!line) return null;
  const applied = effectiveMode(line, mode);
  const { reflection, interruption, timeline } = predictRotation(line.serviceKind, applied, now, graceMs);
  return (
    <div aria-live="polite" className="space-y-1 rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3 text-sm">
      <p data-testid="prediction">
        <span className="font-bold">今すぐ更新した場合</span>（{line.number}・{line.label}・
        {applied === "routine" ? "通常" : "緊急"}）：パスワード反映時間は<strong>{reflection}</strong>
        、発着信できない時間は<strong>{interruption}</strong>。
      </p>
      <ul className="ml-5 list-disc" data-testid="prediction-timeline">
        <li>今のパスワード：{timeline.old}</li>
        <li>新しいパスワード：{timeline.next}</li>
      </ul>
      {line.cutOff && (
        <p className="font-bold text-amber-900" data-testid="cut-off-warning">
          この番号は緊急の変更で停止中です。新しい変更も緊急として扱われ、反映時間まで発着信できません。
        </p>
      )}
      {line.pendingReflection && (
        <p className="font-bold text-amber-900" data-testid="pending-warning">
          この番号には反映待ちの変更があります（{line.pendingReflection}
          ）。更新すると、その変更は新しい変更に置き換えられ、反映時間が遅くなる場合があります。現IP加入電話パスワードには、反映待ちの変更で設定した新しいパスワードを入力してください。
        </p>
      )}
    </div>
  );
}

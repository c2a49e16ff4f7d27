"use client";

import type { ServiceKind } from "@/db/enums";
import { normalizeLineNumber } from "@/lib/changes/line-number";
import { predictChange } from "@/lib/changes/reflection";

export type LineInfo = { number: string; label: string; serviceKind: ServiceKind; pendingReflection: string | null };

/**
 * "If you update now" for the number in the field, computed with lib/changes/reflection.ts on the server's clock (the
 * offset measured when the page was made), so it is the time the server will compute when the form is sent.
 */
export function LinePrediction({ lines, typed, now }: { lines: LineInfo[]; typed: string; now: Date }) {
  const line = lines.find((candidate) => candidate.number === normalizeLineNumber(typed));
  if (!line) return null;
  const { reflection, outage } = predictChange(line.serviceKind, now);
  return (
    <div aria-live="polite" className="space-y-1 rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3 text-sm">
      <p data-testid="prediction">
        <span className="font-bold">今すぐ更新した場合</span>（{line.number}・{line.label}
        ）：パスワード反映時間は
        <strong>{reflection}</strong>、<strong>{outage}</strong> は発着信できません。
      </p>
      {line.pendingReflection && (
        <p className="font-bold text-amber-900" data-testid="pending-warning">
          この番号には反映待ちの変更があります（{line.pendingReflection}
          ）。更新すると、その変更は新しい変更に置き換えられ、反映時間が遅くなる場合があります。現IP加入電話パスワードには、反映待ちの変更で設定した新しいパスワードを入力してください。
        </p>
      )}
    </div>
  );
}

import type { RegistrationState } from "@/lib/registrar/registration-state";
import { formatJst } from "@/lib/jst";

/** Whether the customer's device came back with the new password, and what to do when it has not. */
export function DeviceRegistration({ state, graceUntil }: { state: RegistrationState; graceUntil?: Date | null }) {
  if (state.kind === "confirmed") {
    return (
      <p
        className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3 font-bold"
        data-testid="device-registration"
      >
        新しいパスワードで機器の登録を確認しました（{formatJst(state.at)}、機器：{state.userAgent || "不明"}）。
      </p>
    );
  }
  if (state.kind !== "waiting") return null;
  return (
    <div
      className={`space-y-1 rounded border-l-4 px-4 py-3 ${state.overdue ? "border-amber-600 bg-amber-50" : "border-brand-600 bg-brand-50"}`}
      data-testid="device-registration"
    >
      <p className="font-bold">新しいパスワードでの機器の登録は、まだ確認できていません。</p>
      <p>
        IP電話対応機器の設定を新しいパスワードに変更し、機器を再起動してください。登録が確認できると、ここに表示されます。
        {state.overdue &&
          (graceUntil
            ? `以前のパスワードは ${formatJst(graceUntil)} まで使えますが、それを過ぎるとこのままでは発信・着信ができなくなります。`
            : "反映から時間がたっても登録がないため、このままでは発信・着信ができません。")}
      </p>
    </div>
  );
}

import { cancelChangeAction } from "../../actions";

/** A plain form (works without JavaScript): the line's previous password becomes current again. */
export function CancelForm({ changeId }: { changeId: string }) {
  return (
    <form action={cancelChangeAction} className="space-y-2 rounded border border-brand-100 bg-white p-5">
      <h2 className="font-bold">この変更を取り消す</h2>
      <p className="text-sm">
        反映前であれば取り消せます。取り消すと、パスワードは変更前のものに戻り、IP電話対応機器の設定もそのままでご利用いただけます。
      </p>
      <input type="hidden" name="changeId" value={changeId} />
      <button
        type="submit"
        className="min-h-11 rounded border border-brand-700 bg-white px-4 py-2 font-bold text-brand-700 hover:bg-brand-50"
      >
        この変更を取り消す
      </button>
    </form>
  );
}

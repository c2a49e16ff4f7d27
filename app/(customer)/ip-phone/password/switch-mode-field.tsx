"use client";

import { switchModeConsequence, switchModeLabels, switchModes, type SwitchMode } from "@/lib/changes/rotation";

/**
 * 「切り替え方法」: a plain radio group (works without JavaScript), each option with its one sentence of consequence
 * tied to it, and the server's error tied to the group.
 */
export function SwitchModeField({
  value,
  onChange,
  graceMs,
  errors,
}: {
  value: SwitchMode;
  onChange: (mode: SwitchMode) => void;
  graceMs: number;
  errors?: string[];
}) {
  const errorId = errors?.length ? "switchMode-error" : undefined;
  return (
    <fieldset className="space-y-2" aria-describedby={errorId} data-testid="switch-mode">
      <legend className="font-bold">切り替え方法</legend>
      <div className="grid gap-3 sm:ml-[15rem]">
        {switchModes.map((mode) => (
          <div key={mode} className="flex items-start gap-3">
            <input
              type="radio"
              id={`switchMode-${mode}`}
              name="switchMode"
              value={mode}
              checked={value === mode}
              onChange={() => onChange(mode)}
              aria-describedby={`switchMode-${mode}-consequence`}
              className="mt-1 size-5 accent-brand-700"
            />
            <div>
              <label htmlFor={`switchMode-${mode}`} className="font-bold">
                {switchModeLabels[mode]}
              </label>
              <p id={`switchMode-${mode}-consequence`} className="text-sm">
                {switchModeConsequence(mode, graceMs)}
              </p>
            </div>
          </div>
        ))}
        {errorId && (
          <p id={errorId} className="text-sm font-bold text-danger">
            {errors!.join(" ")}
          </p>
        )}
      </div>
    </fieldset>
  );
}

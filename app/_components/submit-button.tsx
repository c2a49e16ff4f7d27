"use client";

import { useFormStatus } from "react-dom";

type Props = {
  children: React.ReactNode;
  pendingLabel: string;
  variant?: "primary" | "secondary";
  name?: string;
  value?: string;
  /** Not available yet (a cooldown): shown greyed out, not as a live control. */
  disabled?: boolean;
};

const variants = {
  primary: "bg-brand-700 text-white hover:bg-brand-800 disabled:bg-brand-600",
  secondary:
    "border border-brand-700 bg-white text-brand-700 hover:bg-brand-50 disabled:border-gray-400 disabled:bg-gray-100 disabled:text-gray-700",
};

/** Shows progress while its form is being sent and stops a second click from sending it again. */
export function SubmitButton({ children, pendingLabel, variant = "primary", name, value, disabled = false }: Props) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      name={name}
      value={value}
      disabled={pending || disabled}
      aria-disabled={pending || disabled}
      className={`min-h-11 rounded px-6 py-2 font-bold ${pending ? "cursor-wait" : "disabled:cursor-not-allowed"} ${variants[variant]}`}
    >
      {pending ? pendingLabel : children}
    </button>
  );
}

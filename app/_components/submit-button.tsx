"use client";

import { useFormStatus } from "react-dom";

type Props = {
  children: React.ReactNode;
  pendingLabel: string;
  variant?: "primary" | "secondary";
  name?: string;
  value?: string;
};

const variants = {
  primary: "bg-brand-700 text-white hover:bg-brand-800 disabled:bg-brand-600",
  secondary: "border border-brand-700 bg-white text-brand-700 hover:bg-brand-50",
};

/** Shows progress while its form is being sent and stops a second click from sending it again. */
export function SubmitButton({ children, pendingLabel, variant = "primary", name, value }: Props) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      name={name}
      value={value}
      disabled={pending}
      aria-disabled={pending}
      className={`min-h-11 rounded px-6 py-2 font-bold disabled:cursor-wait ${variants[variant]}`}
    >
      {pending ? pendingLabel : children}
    </button>
  );
}

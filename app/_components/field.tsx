// A labelled input with its hint and errors tied to it (aria-describedby), as every form here needs. While an error
// shows, the hint stays quiet: the error says what to fix, and nobody should read the same rule twice.
type Props = React.InputHTMLAttributes<HTMLInputElement> & {
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
};

export function Field({ name, label, hint, errors, id = name, ...input }: Props) {
  const errorId = errors?.length ? `${id}-error` : undefined;
  const hintId = hint && !errorId ? `${id}-hint` : undefined;
  return (
    <div className="grid gap-1 sm:grid-cols-[14rem_1fr] sm:gap-4">
      <label htmlFor={id} className="pt-2 font-bold">
        {label}
      </label>
      <div className="grid gap-1">
        <input
          id={id}
          name={name}
          aria-invalid={errorId ? true : undefined}
          aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
          className="min-h-11 w-full max-w-sm rounded border border-gray-500 bg-white px-3 py-2 text-base aria-invalid:border-danger aria-invalid:ring-1 aria-invalid:ring-danger"
          {...input}
        />
        {errorId && (
          <p id={errorId} className="text-sm font-bold text-danger">
            {errors!.join(" ")}
          </p>
        )}
        {hintId && (
          <p id={hintId} className="text-sm text-muted">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}

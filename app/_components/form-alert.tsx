// The form-level message: in the page's HTML so it shows without JavaScript, and announced when it appears.
export function FormAlert({ message, tone = "error" }: { message?: string; tone?: "error" | "info" }) {
  if (!message) return null;
  const styles =
    tone === "error" ? "border-danger bg-red-50 text-danger" : "border-brand-600 bg-brand-50 text-brand-800";
  return (
    <p role={tone === "error" ? "alert" : "status"} className={`rounded border-l-4 px-4 py-3 font-bold ${styles}`}>
      {message}
    </p>
  );
}

// A policy's length as people read it (「30分」「1時間」「24時間」), so a page states the constant that enforces it.
const MINUTE_MS = 60_000;

export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / MINUTE_MS);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest}分`;
  return rest === 0 ? `${hours}時間` : `${hours}時間${rest}分`;
}

// One line per step on stderr, with the time since the run started, so a long run shows where it is.
const started = performance.now();

export function step(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${seconds}s] ${message}\n`);
}

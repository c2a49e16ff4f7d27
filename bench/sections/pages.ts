// Page latency: anonymous /login and the two signed-in customer pages, at several connection counts.
import type { Plan } from "../config";
import { load } from "../http";
import { step } from "../progress";
import { repeated, type Repeated } from "../stats";

export type PageFigure = {
  path: string;
  connections: number;
  p50: Repeated;
  p95: Repeated;
  p99: Repeated;
  rps: Repeated;
};

export const PAGE_TARGET_P95_MS: Record<string, number> = { "/login": 50, "/menu": 80, "/ip-phone/password": 80 };

export async function measurePages(base: string, sessionCookie: string, plan: Plan): Promise<PageFigure[]> {
  const figures: PageFigure[] = [];
  for (const path of Object.keys(PAGE_TARGET_P95_MS)) {
    const headers: Record<string, string> = path === "/login" ? {} : { cookie: sessionCookie };
    for (const connections of plan.connections) {
      const runs = [];
      for (let run = 0; run < plan.repeats; run++) {
        const result = await load({ url: `${base}${path}`, connections, seconds: plan.pageSeconds, headers });
        // A redirect to /login would mean the session broke and the figure measures the wrong page.
        if (result.bad > 0) throw new Error(`${path}: ${result.bad} of ${result.total} answers were not 200`);
        runs.push(result);
      }
      const figure: PageFigure = {
        path,
        connections,
        p50: repeated(runs.map((run) => run.p50)),
        p95: repeated(runs.map((run) => run.p95)),
        p99: repeated(runs.map((run) => run.p99)),
        rps: repeated(runs.map((run) => run.rps)),
      };
      step(`${path} at ${connections} connections: p95 ${figure.p95.median} ms, ${figure.rps.median.toFixed(0)} req/s`);
      figures.push(figure);
    }
  }
  return figures;
}

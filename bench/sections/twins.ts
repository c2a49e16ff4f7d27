// Each page and action beside its same-ingredient twin on the bare twin app (bench/twin/), measured in the
// same run, alternating round by round so both see the same machine.
import type { Plan } from "../config";
import { formHeaders, getPage, hiddenFields, load, multipart } from "../http";
import { step } from "../progress";
import { repeated, type Repeated } from "../stats";
import type { HashCost } from "./actions";

export const TWIN_CONNECTIONS = 10;
/** Each page's twin: the bare page with the same ingredients (proxy with a nonce CSP; a client form with an action). */
const PAGE_TWINS: Record<string, { twin: string; target: number }> = {
  "/login": { twin: "/p/form", target: 0.85 },
  "/menu": { twin: "/p/dyn", target: 0.6 },
  "/ip-phone/password": { twin: "/p/form", target: 0.6 },
};
export const ACTION_CEILING_TARGET = 0.8;

export type PageTwinFigure = {
  path: string;
  twin: string;
  target: number;
  rps: Repeated;
  p95: Repeated;
  twinRps: Repeated;
  twinP95: Repeated;
  /** Throughput as a share of the twin's (higher is better). */
  rpsRatio: number;
  /** p95 as a multiple of the twin's (lower is better). */
  p95Ratio: number;
};

export async function measurePageTwins(
  appBase: string,
  twinBase: string,
  sessionCookie: string,
  plan: Plan,
): Promise<PageTwinFigure[]> {
  const figures: PageTwinFigure[] = [];
  for (const [path, { twin, target }] of Object.entries(PAGE_TWINS)) {
    const headers: Record<string, string> = path === "/login" ? {} : { cookie: sessionCookie };
    const app = [];
    const bare = [];
    for (let round = 0; round < plan.repeats; round++) {
      const mine = await load({
        url: `${appBase}${path}`,
        connections: TWIN_CONNECTIONS,
        seconds: plan.pageSeconds,
        headers,
      });
      if (mine.bad > 0) throw new Error(`${path}: ${mine.bad} of ${mine.total} answers were not 200`);
      const theirs = await load({
        url: `${twinBase}${twin}`,
        connections: TWIN_CONNECTIONS,
        seconds: plan.pageSeconds,
      });
      if (theirs.bad > 0) throw new Error(`twin ${twin}: ${theirs.bad} of ${theirs.total} answers were not 200`);
      app.push(mine);
      bare.push(theirs);
    }
    const rps = repeated(app.map((run) => run.rps));
    const p95 = repeated(app.map((run) => run.p95));
    const twinRps = repeated(bare.map((run) => run.rps));
    const twinP95 = repeated(bare.map((run) => run.p95));
    const figure = {
      path,
      twin,
      target,
      rps,
      p95,
      twinRps,
      twinP95,
      rpsRatio: rps.median / twinRps.median,
      p95Ratio: p95.median / twinP95.median,
    };
    step(
      `${path} ${rps.median.toFixed(0)} req/s against ${twin} ${twinRps.median.toFixed(0)} req/s: ${figure.rpsRatio.toFixed(2)} (target ${target})`,
    );
    figures.push(figure);
  }
  return figures;
}

/** The bare app's server action posted without JavaScript (/p/form): what the framework alone allows per second. */
export async function measureBareAction(twinBase: string, plan: Plan): Promise<Repeated> {
  const fields = hiddenFields(await getPage(twinBase, "/p/form"), "pw");
  const body = new Uint8Array(multipart({ ...fields, id: "demo0001", pw: "Demo-pass-0001" }));
  const rates = [];
  for (let round = 0; round < plan.repeats; round++) {
    const result = await load({
      url: `${twinBase}/p/form`,
      connections: plan.actionConnections,
      seconds: plan.actionSeconds,
      requests: [{ method: "POST", headers: formHeaders(twinBase), body: Buffer.from(body) }],
    });
    if (result.bad > 0) throw new Error(`twin action: ${result.bad} of ${result.total} answers were not 200`);
    rates.push(result.rps);
  }
  const rate = repeated(rates);
  step(`bare server action (no JavaScript): ${rate.median.toFixed(0)}/s`);
  return rate;
}

/** What an action can reach: the bare action's cost plus its argon2id work spread over the cores. */
export function frameworkCeiling(bareActionRate: number, argon2Ms: number, cost: HashCost): number {
  return 1 / (1 / bareActionRate + argon2Ms / 1000 / cost.cores);
}

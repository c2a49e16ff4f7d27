// Each page and action beside its same-ingredient twin on the bare twin app (bench/twin/), measured in the
// same run, alternating round by round so both see the same machine.
import type { Plan } from "../config";
import { formHeaders, getPage, hiddenFields, load, multipart } from "../http";
import { step } from "../progress";
import { cpuMs } from "../server";
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
  /** The server process's CPU time per answer, ms (user and system), beside the twin's. */
  cpuMsPerAnswer: Repeated;
  twinCpuMsPerAnswer: Repeated;
  /** What one answer carries: its HTML with the hydration payload inlined, KB. */
  htmlKb: number;
  twinHtmlKb: number;
};

/** The two servers compared: their addresses and the processes whose CPU time is counted. */
export type TwinServers = { app: { base: string; pid: number }; twin: { base: string; pid: number } };

async function htmlKb(base: string, path: string, cookie?: string): Promise<number> {
  return Buffer.byteLength(await getPage(base, path, cookie)) / 1024;
}

/** One load, with the CPU time the server spent on it divided by its answers. */
async function loadCounted(pid: number, options: Parameters<typeof load>[0]) {
  const before = cpuMs(pid);
  const result = await load(options);
  return { ...result, cpuMsPerAnswer: (cpuMs(pid) - before) / Math.max(1, result.total) };
}

export async function measurePageTwins(
  servers: TwinServers,
  sessionCookie: string,
  plan: Plan,
): Promise<PageTwinFigure[]> {
  const { app: appServer, twin: twinServer } = servers;
  // The twin has just started while the app has served every section before: one untimed load of each twin page
  // first, so its JIT is as warm as the app's.
  for (const twin of new Set(Object.values(PAGE_TWINS).map((page) => page.twin)))
    await load({ url: `${twinServer.base}${twin}`, connections: TWIN_CONNECTIONS, seconds: plan.pageSeconds });
  const figures: PageTwinFigure[] = [];
  for (const [path, { twin, target }] of Object.entries(PAGE_TWINS)) {
    const cookie = path === "/login" ? undefined : sessionCookie;
    const headers: Record<string, string> = cookie ? { cookie } : {};
    const app = [];
    const bare = [];
    for (let round = 0; round < plan.repeats; round++) {
      const mine = await loadCounted(appServer.pid, {
        url: `${appServer.base}${path}`,
        connections: TWIN_CONNECTIONS,
        seconds: plan.pageSeconds,
        headers,
      });
      if (mine.bad > 0) throw new Error(`${path}: ${mine.bad} of ${mine.total} answers were not 200`);
      const theirs = await loadCounted(twinServer.pid, {
        url: `${twinServer.base}${twin}`,
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
      cpuMsPerAnswer: repeated(app.map((run) => run.cpuMsPerAnswer)),
      twinCpuMsPerAnswer: repeated(bare.map((run) => run.cpuMsPerAnswer)),
      htmlKb: await htmlKb(appServer.base, path, cookie),
      twinHtmlKb: await htmlKb(twinServer.base, twin),
    };
    step(
      `${path} ${rps.median.toFixed(0)} req/s against ${twin} ${twinRps.median.toFixed(0)} req/s: ${figure.rpsRatio.toFixed(2)} (target ${target}); CPU ${figure.cpuMsPerAnswer.median.toFixed(1)} against ${figure.twinCpuMsPerAnswer.median.toFixed(1)} ms per answer`,
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

// /menu while strangers flood the login: wrong passwords for random IDs from 1,000 random /64s of one IPv6 /48 (a
// fresh /48 each run), as fast as 50 connections send them, beside /menu alone; rounds alternate. The per-/48 limit
// and the hashing gate decide what the flood costs everyone else.
import { randomInt } from "node:crypto";
import type { Plan } from "../config";
import { formHeaders, getPage, hiddenFields, load, multipart } from "../http";
import { step } from "../progress";
import { repeated, type Repeated } from "../stats";

const MENU_CONNECTIONS = 10;
const FLOOD_CONNECTIONS = 50;
const FLOOD_NETWORKS = 1_000;

export type FloodFigure = {
  /** /menu p95 ms at 10 connections, alone and during the flood. */
  alone: Repeated;
  flooded: Repeated;
  /** Flood posts answered per second, and how they were answered. */
  floodPerSecond: Repeated;
  answers: { throttled: number; overloaded: number; tried: number };
};

export async function measureFlood(base: string, sessionCookie: string, plan: Plan): Promise<FloodFigure> {
  const form = hiddenFields(await getPage(base, "/login"), "selfCareId");
  const headers = { cookie: sessionCookie };
  const alone: number[] = [];
  const flooded: number[] = [];
  const rates: number[] = [];
  const answers = { throttled: 0, overloaded: 0, tried: 0 };
  for (let run = 0; run < plan.repeats; run++) {
    const menuAlone = await load({
      url: `${base}/menu`,
      connections: MENU_CONNECTIONS,
      seconds: plan.pageSeconds,
      headers,
    });
    const site = `2001:db8:${randomInt(0x1000, 0xffff).toString(16)}`;
    const flood = load({
      url: `${base}/login`,
      connections: FLOOD_CONNECTIONS,
      seconds: plan.pageSeconds,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => ({
            ...request,
            headers: {
              ...formHeaders(base),
              "x-forwarded-for": `${site}:${randomInt(FLOOD_NETWORKS).toString(16)}::${randomInt(1, 0xffff).toString(16)}`,
            },
            body: multipart({ ...form, selfCareId: `flood${randomInt(1_000_000)}`, password: "wrong-password" }),
          }),
          onResponse: (status, body) => {
            if (status === 503) answers.overloaded += 1;
            else if (body.includes("ログイン試行が多すぎる")) answers.throttled += 1;
            else if (body.includes("混み合っています")) answers.overloaded += 1;
            else answers.tried += 1;
          },
        },
      ],
    });
    const menu = load({ url: `${base}/menu`, connections: MENU_CONNECTIONS, seconds: plan.pageSeconds, headers });
    const [floodResult, menuFlooded] = await Promise.all([flood, menu]);
    if (menuAlone.bad + menuFlooded.bad > 0) throw new Error("/menu answered something other than 200 under the flood");
    alone.push(menuAlone.p95);
    flooded.push(menuFlooded.p95);
    rates.push(floodResult.rps);
  }
  const figure = { alone: repeated(alone), flooded: repeated(flooded), floodPerSecond: repeated(rates), answers };
  step(
    `/menu p95 ${figure.alone.median.toFixed(1)} ms alone, ${figure.flooded.median.toFixed(1)} ms under a login flood of ${figure.floodPerSecond.median.toFixed(0)}/s`,
  );
  return figure;
}

// Talking to the app as a browser without JavaScript does: plain form posts, cookies, redirects.
import autocannon from "autocannon";
import { multipart, multipartType } from "../test/forms";
import { percentile } from "./stats";

export { hiddenFields, multipart } from "../test/forms";

type Load = {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  requests?: autocannon.Request[];
  setupClient?: (client: autocannon.Client) => void;
  /** Requests per second over all connections; unlimited when absent. */
  rate?: number;
};
type LoadResult = { p50: number; p95: number; p99: number; rps: number; total: number; bad: number };

/** Runs autocannon and computes percentiles from every response time (autocannon itself reports no p95). */
export async function load(options: Load): Promise<LoadResult> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        headers: options.headers,
        requests: options.requests,
        setupClient: options.setupClient,
        overallRate: options.rate,
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    rps: times.length / options.seconds,
    total: times.length,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

/** What a browser sends with a form post: the origin (Next.js checks it for server actions), cookies, its address. */
export function formHeaders(base: string, cookie = ""): Record<string, string> {
  return { origin: new URL(base).origin, "content-type": multipartType, cookie, "x-forwarded-for": nextAddress() };
}

/** A different client address per call, so the per-IP login limit never mixes up separate simulated users. */
let lastAddress = 0;
function nextAddress(): string {
  lastAddress += 1;
  return `10.${(lastAddress >> 16) & 255}.${(lastAddress >> 8) & 255}.${lastAddress & 255}`;
}

export async function getPage(base: string, path: string, cookie = ""): Promise<string> {
  const response = await fetch(new URL(path, base), { headers: { cookie }, redirect: "manual" });
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
  return response.text();
}

/** Posts a form as a browser without JavaScript would; returns the redirect target and the cookies set. */
export async function postForm(base: string, path: string, fields: Record<string, string>, cookie = "") {
  const response = await fetch(new URL(path, base), {
    method: "POST",
    headers: formHeaders(base, cookie),
    body: new Uint8Array(multipart(fields)),
    redirect: "manual",
  });
  const cookies = response.headers.getSetCookie().map((line) => line.split(";")[0]!);
  // A refusal answers 200 with the form again: its alert says why.
  const alert = response.status === 200 ? /role="alert"[^>]*>([^<]*)</.exec(await response.text())?.[1] : undefined;
  return { status: response.status, location: response.headers.get("location"), cookies, alert };
}

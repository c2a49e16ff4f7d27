// First-load JavaScript per page: the gzip size of the module scripts its HTML asks for, shared and own.
import { gzipSync } from "node:zlib";
import { getPage } from "../http";
import { step } from "../progress";

export type JsWeight = { path: string; sharedKb: number; ownKb: number; totalKb: number };

/**
 * What a bare Next.js 16.4 page ships on this stack (about 135 KB of gzip JS, docs/architecture.md §10), and the limits
 * the portal holds itself to against it (bench/README.md).
 */
export const BARE_PAGE_KB = 135;
export const OWN_LIMIT_KB = 25;
export const TOTAL_LIMIT_KB = BARE_PAGE_KB * 1.2;

function moduleScripts(html: string): string[] {
  return [...html.matchAll(/<script src="([^"]+)"([^>]*)>/g)]
    .filter(([, , attributes]) => !/noModule/i.test(attributes ?? ""))
    .map(([, src]) => src!);
}

export async function measureJsWeight(base: string, pages: { path: string; cookie?: string }[]): Promise<JsWeight[]> {
  const scriptsOf = new Map<string, string[]>();
  for (const page of pages) scriptsOf.set(page.path, moduleScripts(await getPage(base, page.path, page.cookie)));

  const gzipBytes = new Map<string, number>();
  for (const src of new Set([...scriptsOf.values()].flat())) {
    const body = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
    gzipBytes.set(src, gzipSync(body).length);
  }
  // The framework part is what every page loads; the rest belongs to the page.
  const lists = [...scriptsOf.values()];
  const shared = new Set(lists[0]!.filter((src) => lists.every((list) => list.includes(src))));
  const kb = (sources: string[]) =>
    Math.round((sources.reduce((sum, src) => sum + gzipBytes.get(src)!, 0) / 1024) * 10) / 10;

  return pages.map(({ path }) => {
    const scripts = scriptsOf.get(path)!;
    const weight = {
      path,
      sharedKb: kb([...shared]),
      ownKb: kb(scripts.filter((src) => !shared.has(src))),
      totalKb: kb(scripts),
    };
    step(`${path}: ${weight.totalKb} KB gzip JS (${weight.ownKb} KB own)`);
    return weight;
  });
}

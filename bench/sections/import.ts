// The CSV import at a carrier's scale (issue #34): a file of `customers` customers with `lines` lines is written to
// disk, then imported on PostgreSQL through the same code as `npm run import` (streamed from the file, batches of
// 1,000 rows, each a transaction calling the provisioning core), then imported again (every row 変更なし). Time,
// memory and the statements each batch sends are measured.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import type { Logger } from "drizzle-orm";
import { openDatabase } from "../../db/client";
import { decodeImport } from "../../lib/provisioning/csv-encoding";
import { runImport, type ImportCounts } from "../../lib/provisioning/csv-import";
import { step } from "../progress";

export const IMPORT_TARGET_SECONDS = 120;

/** `cpuSeconds`: this process's CPU (user and system) over the run, against `seconds` of wall time. */
type Run = {
  seconds: number;
  cpuSeconds: number;
  counts: ImportCounts;
  statements: number;
  batches: number;
  peakRssMb: number;
};
export type ImportFigure = {
  date: string;
  /** The commit measured. */
  commit: string;
  /** The machine's one-minute load average when the import started: the cores are shared with whatever else runs. */
  loadAverage: number;
  customers: number;
  lines: number;
  fileMb: number;
  first: Run;
  again: Run;
  /** RSS when the import started, and the process's lifetime peak (resourceUsage's maxRSS). */
  startRssMb: number;
  maxRssMb: number;
  peakHeapMb: number;
};

const pad = (i: number, width: number) => String(i).padStart(width, "0");

/** One line each, and a second one for every other customer until there are `lines` (100,000 and 150,000: half). */
async function writeCsv(file: string, customers: number, lines: number): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  await write("external_id,self_care_id,name,email,number,service_kind,status,suspension_reason\n");
  const kinds = ["ip-phone", "b2bua", "b2bua-opengate"];
  const extra = lines - customers;
  let line = 0;
  for (let i = 1; i <= customers; i++) {
    const customer = `B-${pad(i, 7)},imp${pad(i, 7)},取込 太郎${i},imp${pad(i, 7)}@example.jp`;
    const own = i % 2 === 0 && i <= 2 * extra ? 2 : 1;
    for (let k = 0; k < own; k++) {
      line++;
      const suspended = line % 50 === 0;
      await write(
        `${customer},0507${pad(line, 7)},${kinds[line % 3]},${suspended ? "suspended,non-payment" : "active,"}\n`,
      );
    }
  }
  out.end();
  await once(out, "finish");
}

export async function measureImport(url: string, size: { customers: number; lines: number }): Promise<ImportFigure> {
  const file = path.join(os.tmpdir(), `selfcare-bench-import-${process.pid}.csv`);
  step(
    `import: writing ${size.customers.toLocaleString("en")} customers with ${size.lines.toLocaleString("en")} lines`,
  );
  await writeCsv(file, size.customers, size.lines);
  const fileMb = fs.statSync(file).size / 2 ** 20;
  let statements = 0;
  const logger: Logger = { logQuery: () => void statements++ };
  const database = await openDatabase({ url }, logger);
  const startRssMb = process.memoryUsage().rss / 2 ** 20;
  const loadAverage = os.loadavg()[0]!;
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  const sampler = setInterval(sample, 100);
  const run = async (label: string): Promise<Run> => {
    statements = 0;
    peakRss = 0;
    let batches = 0;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const { text } = await decodeImport(fs.createReadStream(file), "auto");
    const counts = await runImport(
      text,
      {
        db: database.db,
        actor: { kind: "command-line" },
        now: new Date(),
        dryRun: false,
        onProgress: (rows) => {
          batches++;
          sample();
          if (rows % 50_000 === 0) step(`import (${label}): ${rows.toLocaleString("en")} rows`);
        },
      },
      { header: () => {}, row: () => {} },
    );
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    step(
      `import (${label}): ${counts.rows.toLocaleString("en")} rows in ${seconds.toFixed(1)} s, ${statements} statements`,
    );
    return { seconds, cpuSeconds, counts, statements, batches, peakRssMb: peakRss / 2 ** 20 };
  };
  try {
    const first = await run("first");
    const again = await run("again");
    return {
      date: new Date().toISOString().slice(0, 10),
      commit: execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim(),
      loadAverage,
      ...size,
      fileMb,
      first,
      again,
      startRssMb,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      peakHeapMb: peakHeap / 2 ** 20,
    };
  } finally {
    clearInterval(sampler);
    await database.close();
    fs.rmSync(file, { force: true });
  }
}

// The CSV import itself, for the console, the command line and the benchmark alike: the file's text streams through
// csv-parse, rows are checked against the shared schemas, and every BATCH_SIZE rows go to the provisioning core
// (customers, then their lines) in one transaction. A dry run is the same path in one transaction that is rolled
// back, so what it answers (conflicts included) is what the real run would do. Upsert only: nothing is deleted.
import { Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import type { Db, Tx } from "@/db/client";
import { limitLockWaits } from "@/db/queries/provisioning";
import { customerFingerprint, parseRow, readHeader, type Header, type ParsedRow } from "./csv-format";
import {
  ImportFileError,
  customerConflictReason,
  customerNotProvisionedReason,
  customerPartApplied,
  lineRefusalReason,
  repeatedCustomerReason,
  repeatedNumberReason,
} from "./import-reasons";
import { provisionCustomers } from "./provision-customers";
import { provisionLines } from "./provision-lines";
import type { CustomerOutcome, LineOutcome, ProvisioningActor } from "./types";

/** Rows per transaction: the core takes thousands per call; this keeps memory and each transaction small. */
const BATCH_SIZE = 1_000;

export type RowOutcome = "created" | "updated" | "unchanged" | "rejected";
/** One data row's result; `row` is its line in the file (the header is line 1). */
export type RowResult = { row: number; externalId: string; number: string; outcome: RowOutcome; reason?: string };
export type ImportCounts = { rows: number } & Record<RowOutcome, number>;

export type ImportOptions = {
  db: Db;
  actor: ProvisioningActor;
  now: Date;
  dryRun: boolean;
  /** After each batch, with the rows read so far. */
  onProgress?: (rows: number) => void;
};

/** Where results go as they come: the console keeps the first ones, the command line writes them out. */
export type ImportSink = {
  header(cells: string[]): void;
  /** Every row, in file order; `cells` as read, for the rejected rows file. */
  row(result: RowResult, cells: string[]): void;
};

type CustomerState = { fingerprint: string; firstRow: number; state: "pending" | "provisioned" | "refused" };
type Pending = {
  row: number;
  cells: string[];
  parsed: ParsedRow;
  /** Refused before the core saw it. */
  reason?: string;
  customer?: CustomerState;
  /** The first row of its customer in the file: it carries the customer's own outcome. */
  ownsCustomer: boolean;
  customerOutcome?: CustomerOutcome;
  lineOutcome?: LineOutcome;
};

type CsvRecord = { record: string[]; info: { lines: number } };

export async function runImport(text: AsyncIterable<string>, options: ImportOptions, sink: ImportSink) {
  const context = { actor: options.actor, now: options.now, dryRun: options.dryRun };
  const counts: ImportCounts = { rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };
  // A file's customers and numbers, for the whole file: one customer repeated with other details, or one number
  // twice, is a rejected row wherever the two rows fall.
  const customers = new Map<string, CustomerState>();
  const numbers = new Map<string, number>();

  const emit = (pending: Pending) => {
    const result = outcomeOf(pending, options.dryRun);
    counts.rows++;
    counts[result.outcome]++;
    sink.row(result, pending.cells);
  };

  async function flush(tx: Tx, batch: Pending[]) {
    const owners = batch.filter((pending) => pending.ownsCustomer);
    if (owners.length > 0) {
      const outcomes = await provisionCustomers(
        tx,
        owners.map((pending) => (pending.parsed as Extract<ParsedRow, { ok: true }>).customer),
        context,
      );
      owners.forEach((pending, index) => {
        pending.customerOutcome = outcomes[index]!;
        pending.customer!.state = outcomes[index]!.kind === "conflict" ? "refused" : "provisioned";
      });
    }
    const withLines: Pending[] = [];
    for (const pending of batch) {
      if (pending.reason || !pending.parsed.ok || !pending.customer) continue;
      if (pending.customer.state === "refused") {
        if (!pending.ownsCustomer) {
          pending.reason = customerNotProvisionedReason(pending.parsed.externalId, pending.customer.firstRow);
        }
        continue;
      }
      if (pending.parsed.line) withLines.push(pending);
    }
    if (withLines.length > 0) {
      const outcomes = await provisionLines(
        tx,
        withLines.map((pending) => (pending.parsed as Extract<ParsedRow, { ok: true }>).line!),
        context,
      );
      withLines.forEach((pending, index) => (pending.lineOutcome = outcomes[index]!));
    }
    batch.forEach(emit);
    options.onProgress?.(counts.rows);
  }

  async function readAll(flushBatch: (batch: Pending[]) => Promise<void>) {
    const parser = parse({ relax_column_count: true, skip_empty_lines: true, info: true });
    const source = Readable.from(text);
    source.on("error", (error) => parser.destroy(error));
    source.pipe(parser);
    let header: Header | undefined;
    let batch: Pending[] = [];
    try {
      for await (const { record, info } of parser as AsyncIterable<CsvRecord>) {
        if (!header) {
          const read = readHeader(record);
          if ("error" in read) throw new ImportFileError(read.error);
          header = read.header;
          sink.header(record);
          continue;
        }
        batch.push(check({ row: info.lines, cells: record, parsed: parseRow(header, record), ownsCustomer: false }));
        if (batch.length >= BATCH_SIZE) {
          await flushBatch(batch);
          batch = [];
        }
      }
    } catch (error) {
      if (error instanceof CsvError) {
        throw new ImportFileError(`CSVの形式が正しくありません（${error.message}）。`);
      }
      throw error;
    } finally {
      source.destroy();
    }
    if (!header)
      throw new ImportFileError("ファイルが空です。見出し行と、1行に1回線（またはお客様）を記載してください。");
    if (batch.length > 0) await flushBatch(batch);
  }

  /** What can be told without the database: the file's own repeats. */
  function check(pending: Pending): Pending {
    const { parsed } = pending;
    if (!parsed.ok) return { ...pending, reason: parsed.reason };
    const fingerprint = customerFingerprint(parsed.customer);
    const known = customers.get(parsed.externalId);
    if (known && known.fingerprint !== fingerprint) {
      return { ...pending, reason: repeatedCustomerReason(parsed.externalId, known.firstRow) };
    }
    if (parsed.line) {
      const firstRow = numbers.get(parsed.line.number);
      if (firstRow !== undefined) return { ...pending, reason: repeatedNumberReason(parsed.line.number, firstRow) };
      numbers.set(parsed.line.number, pending.row);
    }
    if (known) return { ...pending, customer: known };
    const state: CustomerState = { fingerprint, firstRow: pending.row, state: "pending" };
    customers.set(parsed.externalId, state);
    return { ...pending, customer: state, ownsCustomer: true };
  }

  if (options.dryRun) {
    const rolledBack = Symbol("dry run");
    await options.db
      .transaction(async (tx) => {
        // The check waits for no one for long: a line an API write holds is not worth stalling the whole file for.
        await limitLockWaits(tx);
        await readAll((batch) => flush(tx, batch));
        throw rolledBack;
      })
      .catch((error: unknown) => {
        if (error !== rolledBack) throw error;
      });
  } else {
    await readAll((batch) => options.db.transaction((tx) => flush(tx, batch)));
  }
  return counts;
}

function outcomeOf(pending: Pending, dryRun: boolean): RowResult {
  const { parsed, customerOutcome: customer, lineOutcome: line } = pending;
  const base = { row: pending.row, externalId: parsed.externalId, number: parsed.number };
  if (pending.reason) return { ...base, outcome: "rejected", reason: pending.reason };
  if (!parsed.ok) return { ...base, outcome: "rejected", reason: parsed.reason };
  if (customer?.kind === "conflict") {
    return { ...base, outcome: "rejected", reason: customerConflictReason(customer, parsed.customer.selfCareId) };
  }
  if (line && (line.kind === "conflict" || line.kind === "unknown-customer")) {
    const written = customer?.kind === "created" || customer?.kind === "updated";
    const reason = lineRefusalReason(line, parsed.number, parsed.externalId);
    return { ...base, outcome: "rejected", reason: written ? reason + customerPartApplied(dryRun) : reason };
  }
  const kinds = [customer?.kind, line?.kind];
  const outcome = kinds.includes("created") ? "created" : kinds.includes("updated") ? "updated" : "unchanged";
  return { ...base, outcome };
}

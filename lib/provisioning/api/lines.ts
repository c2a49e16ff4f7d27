// The provisioning API's lines: PUT (an idempotent upsert, lifecycle transitions included), GET one, GET a keyset
// page (of one customer when asked).
import { findProvisionedCustomer, findProvisionedLine, listProvisionedLines } from "@/db/queries/provisioning-reads";
import { provisionLines } from "@/lib/provisioning/provision-lines";
import type { ProvisionedLine } from "@/lib/provisioning/types";
import { lineBodySchema, lineNumberSchema } from "@/lib/validation/provisioning";
import { decodeAfter, encodeAfter } from "./cursor";
import { fieldProblems, problems } from "./problems";
import { type LineJson, lineListQuerySchema } from "./schemas";
import {
  type Answer,
  type ApiContext,
  asCaller,
  idempotencyKeyOf,
  problemAnswer,
  readJson,
  requestHash,
  respond,
  writeOnce,
} from "./serve";

const lineJson = (line: ProvisionedLine): LineJson => ({
  number: line.number,
  customerExternalId: line.customerExternalId,
  serviceKind: line.serviceKind,
  status: line.status,
  suspensionReason: line.suspensionReason,
  statusChangedAt: line.statusChangedAt.toISOString(),
  terminatedAt: line.terminatedAt?.toISOString() ?? null,
  createdAt: line.createdAt.toISOString(),
  updatedAt: line.updatedAt.toISOString(),
});

export async function putLine(request: Request, context: ApiContext, rawNumber: string): Promise<Response> {
  return asCaller(request, context, "write", async (caller) => {
    const number = lineNumberSchema.safeParse(rawNumber);
    if (!number.success) return problems.invalid(fieldProblems(number.error, { parameter: "number" }));
    const idempotencyKey = idempotencyKeyOf(request);
    if (!idempotencyKey.ok) return idempotencyKey.response;
    const json = await readJson(request);
    if (!json.ok) return json.response;
    const body = lineBodySchema.safeParse(json.value);
    if (!body.success) return problems.invalid(fieldProblems(body.error, { body: true }));
    const input = { ...body.data, number: number.data };
    return writeOnce({
      caller,
      idempotencyKey: idempotencyKey.value,
      now: context.now,
      hash: requestHash("PUT", `lines/${number.data}`, body.data),
      write: async (tx, actor): Promise<Answer> => {
        const [outcome] = await provisionLines(tx, [input], { actor, now: context.now });
        switch (outcome!.kind) {
          case "created":
            return { status: 201, body: { ...lineJson(outcome!.line), sipPassword: outcome!.sipPassword } };
          case "updated":
          case "unchanged":
            return { status: 200, body: lineJson(outcome!.line) };
          case "unknown-customer":
            return problemAnswer(problems.unknownCustomer());
          case "conflict":
            switch (outcome!.reason) {
              case "in-quarantine":
                return problemAnswer(problems.numberInQuarantine(outcome!.availableAt));
              case "terminated":
                return problemAnswer(problems.lineTerminated());
              case "held-by-another-customer":
              case "duplicate-in-batch":
                return problemAnswer(problems.numberHeld());
            }
        }
      },
    });
  });
}

export async function getLine(request: Request, context: ApiContext, rawNumber: string): Promise<Response> {
  return asCaller(request, context, "read", async () => {
    const number = lineNumberSchema.safeParse(rawNumber);
    if (!number.success) return problems.invalid(fieldProblems(number.error, { parameter: "number" }));
    const row = await findProvisionedLine(number.data);
    if (!row) return problems.notFound("この番号の回線は登録されていません。");
    return respond({ status: 200, body: lineJson(row) });
  });
}

export async function listLines(request: Request, context: ApiContext): Promise<Response> {
  return asCaller(request, context, "read", async () => {
    const query = lineListQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) return problems.invalid(fieldProblems(query.error, { parameter: "query" }));
    const after = decodeAfter(query.data.after, (value) => /^050\d{8}$/.test(value));
    if (after === false) return problems.invalid([{ parameter: "after", reason: "after が正しくありません。" }]);
    const customer = query.data.customer;
    if (customer !== undefined && !(await findProvisionedCustomer(customer))) {
      return problems.notFound("このお客様番号のお客様は登録されていません。");
    }
    const rows = await listProvisionedLines({ after, limit: query.data.limit + 1, customerExternalId: customer });
    const items = rows.slice(0, query.data.limit);
    const next = rows.length > query.data.limit ? encodeAfter(items.at(-1)!.number) : null;
    return respond({ status: 200, body: { items: items.map(lineJson), next } });
  });
}

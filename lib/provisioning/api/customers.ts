// The provisioning API's customers: PUT (an idempotent upsert), GET one, GET a keyset page.
import { findProvisionedCustomer, listProvisionedCustomers } from "@/db/queries/provisioning-reads";
import { provisionCustomers } from "@/lib/provisioning/provision-customers";
import type { ProvisionedCustomer } from "@/lib/provisioning/types";
import { customerBodySchema, externalIdSchema } from "@/lib/validation/provisioning";
import { decodeAfter, encodeAfter } from "./cursor";
import { fieldProblems, problems } from "./problems";
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
import { type CustomerJson, type CustomerWithLinesJson, customerListQuerySchema } from "./schemas";

const customerJson = (customer: ProvisionedCustomer): CustomerJson => ({
  externalId: customer.externalId,
  selfCareId: customer.selfCareId,
  name: customer.name,
  email: customer.email,
  createdAt: customer.createdAt.toISOString(),
  updatedAt: customer.updatedAt.toISOString(),
});

const withLines = (row: ProvisionedCustomer & { lines: string[] }): CustomerWithLinesJson => ({
  ...customerJson(row),
  lines: row.lines,
});

export async function putCustomer(request: Request, context: ApiContext, rawExternalId: string): Promise<Response> {
  return asCaller(request, context, "write", async (caller) => {
    const externalId = externalIdSchema.safeParse(rawExternalId);
    if (!externalId.success) return problems.invalid(fieldProblems(externalId.error, { parameter: "externalId" }));
    const idempotencyKey = idempotencyKeyOf(request);
    if (!idempotencyKey.ok) return idempotencyKey.response;
    const json = await readJson(request);
    if (!json.ok) return json.response;
    const body = customerBodySchema.safeParse(json.value);
    if (!body.success) return problems.invalid(fieldProblems(body.error, { body: true }));
    const input = { ...body.data, externalId: externalId.data };
    return writeOnce({
      caller,
      idempotencyKey: idempotencyKey.value,
      now: context.now,
      hash: requestHash("PUT", `customers/${externalId.data}`, body.data),
      write: async (tx, actor): Promise<Answer> => {
        const [outcome] = await provisionCustomers(tx, [input], { actor, now: context.now });
        switch (outcome!.kind) {
          case "created":
            return {
              status: 201,
              body: { ...customerJson(outcome!.customer), initialPassword: outcome!.initialPassword },
            };
          case "updated":
          case "unchanged":
            return { status: 200, body: customerJson(outcome!.customer) };
          case "conflict":
            return problemAnswer(problems.selfCareIdTaken());
        }
      },
    });
  });
}

export async function getCustomer(request: Request, context: ApiContext, rawExternalId: string): Promise<Response> {
  return asCaller(request, context, "read", async () => {
    const externalId = externalIdSchema.safeParse(rawExternalId);
    if (!externalId.success) return problems.invalid(fieldProblems(externalId.error, { parameter: "externalId" }));
    const row = await findProvisionedCustomer(externalId.data);
    if (!row) return problems.notFound("このお客様番号のお客様は登録されていません。");
    return respond({ status: 200, body: withLines(row) });
  });
}

export async function listCustomers(request: Request, context: ApiContext): Promise<Response> {
  return asCaller(request, context, "read", async () => {
    const query = customerListQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) return problems.invalid(fieldProblems(query.error, { parameter: "query" }));
    const after = decodeAfter(query.data.after, (value) => externalIdSchema.safeParse(value).success);
    if (after === false) return problems.invalid([{ parameter: "after", reason: "after が正しくありません。" }]);
    const rows = await listProvisionedCustomers({ after, limit: query.data.limit + 1 });
    const items = rows.slice(0, query.data.limit);
    const next = rows.length > query.data.limit ? encodeAfter(items.at(-1)!.externalId) : null;
    return respond({ status: 200, body: { items: items.map(withLines), next } });
  });
}

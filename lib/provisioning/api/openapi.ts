// The provisioning API's OpenAPI 3.1 document, generated from the same zod schemas the API validates with and
// answers in. Served at /api/provisioning/v1/openapi.json and committed as docs/provisioning-openapi.json
// (`npm run openapi`; a unit test fails when the two differ).
import { z } from "zod";
import { type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject, createDocument } from "zod-openapi";
import { MAX_BODY_BYTES } from "@/lib/http/request-guard";
import { PROBLEM_CONTENT_TYPE } from "@/lib/http/problem-details";
import { customerBodySchema, externalIdSchema, lineBodySchema, lineNumberSchema } from "@/lib/validation/provisioning";
import {
  customerCreatedSchema,
  customerListQuerySchema,
  customerPageSchema,
  customerSchema,
  customerWithLinesSchema,
  idempotencyKeySchema,
  lineCreatedSchema,
  lineListQuerySchema,
  linePageSchema,
  lineSchema,
  problemSchema,
} from "./schemas";

const json = (schema: z.ZodType) => ({ content: { "application/json": { schema } } });
const problem = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
});

const retryAfter = { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" as const } } };

/** What any request may be answered besides its own outcomes. */
const common: ZodOpenApiResponsesObject = {
  "400": problem("A malformed parameter or body: `errors` gives each field's reason."),
  "401": {
    ...problem("No key, or an unknown or revoked one."),
    headers: { "WWW-Authenticate": { description: "`Bearer`", schema: { type: "string" } } },
  },
  "429": { ...problem("Too many requests with this key (or wrong keys from this address)."), headers: retryAfter },
  "500": problem("An unexpected failure; nothing was written."),
};

/** What a write may be answered besides. */
const writes: ZodOpenApiResponsesObject = {
  "403": problem("A read-only key."),
  "413": problem(`The body is over ${MAX_BODY_BYTES} bytes.`),
  "415": problem("The body is not `application/json`."),
};

const replayedHeader = {
  "Idempotent-Replayed": {
    description: "`true` when this is the stored answer to an earlier request with the same Idempotency-Key.",
    schema: { type: "string" as const },
  },
};

const write = (
  operation: Omit<ZodOpenApiOperationObject, "responses" | "requestParams" | "requestBody"> & {
    path: z.ZodObject;
    body: z.ZodType;
    responses: ZodOpenApiResponsesObject;
  },
): ZodOpenApiOperationObject => {
  const { path, body, responses, ...rest } = operation;
  return {
    ...rest,
    requestParams: { path, header: z.object({ "Idempotency-Key": idempotencyKeySchema.optional() }) },
    requestBody: { required: true, ...json(body) },
    responses: {
      ...responses,
      ...writes,
      ...common,
      "422": problem(
        "The Idempotency-Key was used with another request (or, for a line, its customer is not provisioned).",
      ),
    },
  };
};

export function provisioningOpenApi() {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "IP加入電話 セルフケア — provisioning API",
      version: "1.0.0",
      description:
        "The billing system provisions customers and their 050 lines. Errors are RFC 9457 problem details. See docs/provisioning.md.",
    },
    servers: [{ url: "/api/provisioning/v1" }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "An API key made in the console (/admin/api-keys) or by `npm run provisioning:key`.",
        },
      },
    },
    paths: {
      "/customers/{externalId}": {
        put: write({
          operationId: "putCustomer",
          summary: "Create or update a customer (an idempotent upsert).",
          path: z.object({ externalId: externalIdSchema }),
          body: customerBodySchema,
          responses: {
            "200": { description: "Updated, or already so.", headers: replayedHeader, ...json(customerSchema) },
            "201": {
              description: "Created: the answer carries the generated initial password, once.",
              headers: replayedHeader,
              ...json(customerCreatedSchema),
            },
            "409": problem("The self-care ID is another customer's."),
          },
        }),
        get: {
          operationId: "getCustomer",
          summary: "A customer and the numbers of their lines.",
          requestParams: { path: z.object({ externalId: externalIdSchema }) },
          responses: {
            "200": { description: "The customer.", ...json(customerWithLinesSchema) },
            "404": problem("No customer has this external ID."),
            ...common,
          },
        },
      },
      "/customers": {
        get: {
          operationId: "listCustomers",
          summary: "Customers in external-ID order, a keyset page at a time.",
          requestParams: { query: customerListQuerySchema },
          responses: { "200": { description: "A page.", ...json(customerPageSchema) }, ...common },
        },
      },
      "/lines/{number}": {
        put: write({
          operationId: "putLine",
          summary: "Create or update a line, its lifecycle included (an idempotent upsert).",
          path: z.object({ number: lineNumberSchema }),
          body: lineBodySchema,
          responses: {
            "200": { description: "Updated, or already so.", headers: replayedHeader, ...json(lineSchema) },
            "201": {
              description: "Created: the answer carries the generated SIP password, once.",
              headers: replayedHeader,
              ...json(lineCreatedSchema),
            },
            "409": problem(
              "The number is another customer's line, in quarantine after a termination (`availableAt`), or this line is terminated.",
            ),
          },
        }),
        get: {
          operationId: "getLine",
          summary: "The number's live line, else its latest terminated one.",
          requestParams: { path: z.object({ number: lineNumberSchema }) },
          responses: {
            "200": { description: "The line.", ...json(lineSchema) },
            "404": problem("No provisioned line has this number."),
            ...common,
          },
        },
      },
      "/lines": {
        get: {
          operationId: "listLines",
          summary: "Lines (one per number) in number order, a keyset page at a time; of one customer when asked.",
          requestParams: { query: lineListQuerySchema },
          responses: {
            "200": { description: "A page.", ...json(linePageSchema) },
            "404": problem("`customer` names no customer."),
            ...common,
          },
        },
      },
    },
  });
}

/** Where the committed copy lives, relative to the repository. */
export const OPENAPI_FILE = "docs/provisioning-openapi.json";

/** The committed copy's text: the document, two-space indented. */
export const openApiFileText = () => `${JSON.stringify(provisioningOpenApi(), null, 2)}\n`;

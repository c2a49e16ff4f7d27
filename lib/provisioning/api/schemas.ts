// What the provisioning API answers and takes besides the bodies (lib/validation/provisioning.ts): the resources as
// JSON, the list pages, the query parameters and the problem details. The OpenAPI document is generated from these.
import { z } from "zod";
import { lineStatuses, serviceKinds, suspensionReasons } from "@/db/enums";
import { externalIdSchema } from "@/lib/validation/provisioning";

const timestamp = (description: string) => z.iso.datetime().meta({ description, example: "2026-11-24T08:30:00.000Z" });

export const customerSchema = z
  .object({
    externalId: z.string().meta({ description: "The billing system's own ID of the customer.", example: "C-000123" }),
    selfCareId: z.string().meta({ example: "sc0001234" }),
    name: z.string().meta({ example: "山田 太郎" }),
    email: z.string().meta({ example: "taro@example.jp" }),
    createdAt: timestamp("When the customer was provisioned."),
    updatedAt: timestamp("The last change of the customer's fields."),
  })
  .meta({ id: "Customer" });

export const customerWithLinesSchema = customerSchema
  .extend({
    lines: z.array(z.string()).meta({
      description:
        "Every number the customer has held, terminated lines included (GET /lines?customer= gives their states).",
      example: ["05012345678"],
    }),
  })
  .meta({ id: "CustomerWithLines" });

export const customerCreatedSchema = customerSchema
  .extend({
    initialPassword: z.string().meta({
      description: "The generated self-care password: in this answer only (and the console's letter), never again.",
    }),
  })
  .meta({ id: "CustomerCreated" });

export const lineSchema = z
  .object({
    number: z.string().meta({ example: "05012345678" }),
    customerExternalId: z.string().meta({ example: "C-000123" }),
    serviceKind: z.enum(serviceKinds),
    status: z.enum(lineStatuses),
    suspensionReason: z.enum(suspensionReasons).nullable(),
    statusChangedAt: timestamp("When the line entered its status."),
    terminatedAt: timestamp("When the line was terminated.").nullable(),
    createdAt: timestamp("When the line was provisioned."),
    updatedAt: timestamp("The last change of the line."),
  })
  .meta({ id: "Line" });

export const lineCreatedSchema = lineSchema
  .extend({
    sipPassword: z.string().meta({
      description: "The generated SIP password: in this answer only (and the console's letter), never again.",
    }),
  })
  .meta({ id: "LineCreated" });

const nextCursor = z.string().nullable().meta({ description: "The `after` of the next page; null on the last page." });

export const customerPageSchema = z
  .object({ items: z.array(customerWithLinesSchema), next: nextCursor })
  .meta({ id: "CustomerPage" });
export const linePageSchema = z.object({ items: z.array(lineSchema), next: nextCursor }).meta({ id: "LinePage" });

const PAGE_LIMIT_DEFAULT = 100;
const PAGE_LIMIT_MAX = 500;

const pageQuery = {
  limit: z.coerce
    .number({ error: `limit は1から${PAGE_LIMIT_MAX}までの整数です。` })
    .int(`limit は1から${PAGE_LIMIT_MAX}までの整数です。`)
    .min(1, `limit は1から${PAGE_LIMIT_MAX}までの整数です。`)
    .max(PAGE_LIMIT_MAX, `limit は1から${PAGE_LIMIT_MAX}までの整数です。`)
    .default(PAGE_LIMIT_DEFAULT)
    .meta({ description: `Items per page (default ${PAGE_LIMIT_DEFAULT}).` }),
  after: z
    .string()
    .max(200, "after が正しくありません。")
    .optional()
    .meta({ description: "The previous page's `next`; omitted for the first page." }),
};

export const customerListQuerySchema = z.object(pageQuery);
export const lineListQuerySchema = z.object({
  ...pageQuery,
  customer: externalIdSchema.optional().meta({ description: "Only this customer's lines (their external ID)." }),
});

/** 1 to 255 printable ASCII characters; a UUID is a good choice. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x20-\x7e]{1,255}$/, "Idempotency-Key は1～255文字の半角英数字・記号で指定してください。")
  .meta({
    description:
      "Makes a write safe to retry: a repeat with the same key and body within 24 hours gets the first answer again.",
    example: "7f1c2b9e-5d7a-4f0e-9b61-0c1d2e3f4a5b",
  });

export const problemSchema = z
  .object({
    type: z
      .string()
      .meta({ description: "A URN naming the kind of problem.", example: "urn:ip-phone-selfcare:problem:validation" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z
      .array(
        z.union([
          z.object({ pointer: z.string().meta({ description: "JSON Pointer into the body." }), reason: z.string() }),
          z.object({
            parameter: z.string().meta({ description: "A path or query parameter, or a header." }),
            reason: z.string(),
          }),
        ]),
      )
      .optional()
      .meta({ description: "For 400 (and an unknown customer's 422): each field's reason." }),
    availableAt: z.iso
      .datetime()
      .optional()
      .meta({ description: "For a number in quarantine: when another customer may have it." }),
  })
  .meta({ id: "Problem" });

export type CustomerJson = z.infer<typeof customerSchema>;
export type CustomerWithLinesJson = z.infer<typeof customerWithLinesSchema>;
export type LineJson = z.infer<typeof lineSchema>;

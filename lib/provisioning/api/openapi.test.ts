// The CI check of the committed OpenAPI document (`npm run openapi` rewrites it), and its structure as OpenAPI 3.1.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { OPENAPI_FILE, openApiFileText, provisioningOpenApi } from "./openapi";

type Json = Record<string, unknown>;
const document = provisioningOpenApi() as unknown as Json;
const paths = document.paths as Record<string, Record<string, Json>>;
const schemas = (document.components as Json).schemas as Record<string, Json>;

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "$ref" && typeof item === "string") found.push(item);
      else refsIn(item, found);
    }
  }
  return found;
}

describe("the provisioning API's OpenAPI document", () => {
  it("is committed as generated (run `npm run openapi` after changing the API's schemas)", () => {
    expect(fs.readFileSync(OPENAPI_FILE, "utf8")).toBe(openApiFileText());
  });

  it("is OpenAPI 3.1 with every path and operation of the API", () => {
    expect(document.openapi).toBe("3.1.0");
    expect((document.info as Json).title).toBeTruthy();
    expect(Object.keys(paths).sort()).toEqual(["/customers", "/customers/{externalId}", "/lines", "/lines/{number}"]);
    expect(Object.keys(paths["/customers/{externalId}"]!).sort()).toEqual(["get", "put"]);
    expect(Object.keys(paths["/lines/{number}"]!).sort()).toEqual(["get", "put"]);
    expect(Object.keys(paths["/customers"]!)).toEqual(["get"]);
    expect(Object.keys(paths["/lines"]!)).toEqual(["get"]);
  });

  it("asks for a bearer key on every operation", () => {
    const schemes = (document.components as Json).securitySchemes as Record<string, Json>;
    expect(schemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.security).toEqual([{ bearer: [] }]);
  });

  it("answers every error as problem details, and every success as JSON", () => {
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const responses = operation.responses as Record<string, Json>;
        expect(Object.keys(responses), `${method} ${path}`).toEqual(
          expect.arrayContaining(["200", "400", "401", "429"]),
        );
        for (const [status, response] of Object.entries(responses)) {
          const content = response.content as Record<string, Json>;
          if (Number(status) >= 400) {
            expect(content["application/problem+json"]?.schema, `${method} ${path} ${status}`).toEqual({
              $ref: "#/components/schemas/Problem",
            });
          } else {
            expect(content["application/json"]?.schema, `${method} ${path} ${status}`).toBeDefined();
          }
        }
      }
    }
    expect(schemas.Problem!.required).toEqual(expect.arrayContaining(["type", "title", "status", "detail"]));
  });

  it("takes the writes' bodies from the validation schemas, answers 201 and 200, and honours Idempotency-Key", () => {
    for (const [path, input] of [
      ["/customers/{externalId}", "CustomerInput"],
      ["/lines/{number}", "LineInput"],
    ] as const) {
      const put = paths[path]!.put!;
      expect((put.requestBody as Json).content).toEqual({
        "application/json": { schema: { $ref: `#/components/schemas/${input}` } },
      });
      expect(Object.keys(put.responses as Json)).toEqual(
        expect.arrayContaining(["200", "201", "403", "409", "413", "415", "422"]),
      );
      expect(put.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ in: "header", name: "Idempotency-Key" })]),
      );
    }
    expect(schemas.CustomerCreated!.required).toContain("initialPassword");
    expect(schemas.LineCreated!.required).toContain("sipPassword");
  });

  it("resolves every reference", () => {
    for (const ref of refsIn(document)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(schemas[ref.split("/").at(-1)!], ref).toBeDefined();
    }
  });
});

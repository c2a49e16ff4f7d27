import { describe, expect, it } from "vitest";
import { IMPORT_BODY_MAX_BYTES } from "@/lib/validation/limits";
import { MAX_BODY_BYTES, rejectRequest } from "./request-guard";

const post = (headers: Record<string, string>) =>
  new Request("http://portal.example.jp/login", { method: "POST", headers: { host: "portal.example.jp", ...headers } });

describe("request guard", () => {
  it("lets reads and ordinary same-site form posts through", () => {
    expect(rejectRequest(new Request("http://portal.example.jp/login"))).toBeNull();
    expect(rejectRequest(post({ origin: "http://portal.example.jp", "content-length": "900" }))).toBeNull();
    expect(rejectRequest(post({ "content-length": String(MAX_BODY_BYTES) }))).toBeNull();
  });

  it("refuses bodies over the cap, unsized bodies and nonsense lengths", async () => {
    const tooLarge = rejectRequest(post({ "content-length": String(MAX_BODY_BYTES + 1) }))!;
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.text()).toContain("送信内容が大きすぎます");
    expect(rejectRequest(post({ "transfer-encoding": "chunked" }))!.status).toBe(411);
    expect(rejectRequest(post({}))).toBeNull();
    expect(rejectRequest(post({ "content-length": "-1" }))!.status).toBe(413);
  });

  it("lets the console's CSV import post a file up to its own limit, and no other path", () => {
    const upload = (path: string, length: number) =>
      rejectRequest(
        new Request(`http://portal.example.jp${path}`, {
          method: "POST",
          headers: { host: "portal.example.jp", "content-length": String(length) },
        }),
      );
    expect(upload("/admin/imports", IMPORT_BODY_MAX_BYTES)).toBeNull();
    expect(upload("/admin/imports", IMPORT_BODY_MAX_BYTES + 1)!.status).toBe(413);
    expect(upload("/admin/changes", MAX_BODY_BYTES + 1)!.status).toBe(413);
  });

  it("refuses a path that does not decode", () => {
    expect(rejectRequest(new Request("http://portal.example.jp/api/auth/%ff"))!.status).toBe(400);
  });

  it("refuses form posts from another site, behind a proxy too", () => {
    expect(rejectRequest(post({ origin: "https://evil.example", "content-length": "10" }))!.status).toBe(403);
    expect(rejectRequest(post({ origin: "null", "content-length": "10" }))!.status).toBe(403);
    const forwarded = post({
      origin: "https://selfcare.example.jp",
      "x-forwarded-host": "selfcare.example.jp",
      "content-length": "10",
    });
    expect(rejectRequest(forwarded)).toBeNull();
  });

  it("answers the provisioning API's callers in problem details, with the same statuses", async () => {
    const put = (headers: Record<string, string>) =>
      new Request("http://portal.example.jp/api/provisioning/v1/customers/C-1", {
        method: "PUT",
        headers: { host: "portal.example.jp", ...headers },
      });
    const tooLarge = rejectRequest(put({ "content-length": String(MAX_BODY_BYTES + 1) }))!;
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get("content-type")).toBe("application/problem+json");
    expect(await tooLarge.json()).toMatchObject({ status: 413, type: expect.stringMatching(/^urn:/) });
    expect(rejectRequest(put({ "transfer-encoding": "chunked" }))!.headers.get("content-type")).toBe(
      "application/problem+json",
    );
    // A billing system sends no Origin; a body within the cap goes through to the route.
    expect(rejectRequest(put({ "content-length": "80" }))).toBeNull();
  });
});

// The provisioning API end to end below HTTP: requests as the route handlers hand them in, against a real database
// (PGlite, and PostgreSQL when DATABASE_URL is set, where concurrency is real).
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  apiKeys,
  auditEvents,
  customers,
  ipPhoneLines,
  kamailioLocations,
  passwordChanges,
  provisioningRequests,
  rateLimits,
  sipCredentials,
} from "@/db/schema";
import { sweepProvisioningRequests } from "@/db/queries/provisioning-requests";
import { demoDatabase, testTargets } from "@/test/databases";
import { getCustomer, listCustomers, putCustomer } from "./customers";
import { createApiKey, revokeKey } from "./keys";
import { getLine, listLines, putLine } from "./lines";

const BASE = "http://localhost/api/provisioning/v1";
const now = new Date("2026-12-02T03:00:00Z");
const context = { ip: "198.51.100.20", now };

type Init = { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> };
function request(method: "GET" | "PUT", path: string, { key, body, raw, headers = {} }: Init = {}) {
  const text = raw ?? (body === undefined ? undefined : JSON.stringify(body));
  return new Request(`${BASE}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(text !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    body: text,
  });
}

const taro = { selfCareId: "sc100001", name: "山田 太郎", email: "taro@example.jp" };
const hanako = { selfCareId: "sc100002", name: "佐藤 花子", email: "hana@example.jp" };
const activeLine = (customerExternalId: string) => ({ customerExternalId, serviceKind: "ip-phone", status: "active" });

describe.each(testTargets())("the provisioning API on $name", ({ open }) => {
  const suite = demoDatabase({
    open,
    clear: [
      kamailioLocations,
      sipCredentials,
      auditEvents,
      passwordChanges,
      provisioningRequests,
      apiKeys,
      rateLimits,
      customers,
    ],
  });
  const newKey = async (name: string, scope: "read" | "write" = "write") => {
    const created = await createApiKey({ name, scope, createdBy: null });
    if (!created.ok) throw new Error("key not created");
    return { key: created.key, id: created.row.id };
  };
  const put = (path: string, key: string, body: unknown, headers?: Record<string, string>) =>
    path.startsWith("/customers/")
      ? putCustomer(request("PUT", path, { key, body, headers }), context, path.split("/")[2]!)
      : putLine(request("PUT", path, { key, body, headers }), context, path.split("/")[2]!);

  it("refuses a request without a key, with an unknown or revoked one, or with only a session cookie; a read-only key reads but cannot write", async () => {
    const expectUnauthorized = async (response: Response) => {
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const problem = await response.json();
      expect(problem).toMatchObject({ status: 401, type: expect.stringMatching(/^urn:/), title: expect.any(String) });
      expect(problem.detail).toEqual(expect.any(String));
    };
    await expectUnauthorized(await listCustomers(request("GET", "/customers"), context));
    await expectUnauthorized(
      await listCustomers(
        request("GET", "/customers", { headers: { cookie: "authjs.session-token=anything" } }),
        context,
      ),
    );
    await expectUnauthorized(
      await listCustomers(request("GET", "/customers", { key: `scp_${"A".repeat(43)}` }), context),
    );
    const { key, id } = await newKey("billing");
    expect((await put("/customers/C-1", key, taro)).status).toBe(201);
    await revokeKey({ id, by: suite.demo1, meta: { ip: "127.0.0.1", userAgent: null }, now });
    await expectUnauthorized(await getCustomer(request("GET", "/customers/C-1", { key }), context, "C-1"));

    const reader = await newKey("reader", "read");
    const refused = await put("/customers/C-2", reader.key, hanako);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ status: 403 });
    const read = await getCustomer(request("GET", "/customers/C-1", { key: reader.key }), context, "C-1");
    expect(read.status).toBe(200);
    const [used] = await suite.database.db.select().from(apiKeys).where(eq(apiKeys.id, reader.id));
    expect(used!.lastUsedAt).toEqual(now);
  });

  it("limits wrong keys per address (429 with Retry-After) while the right key still gets through", async () => {
    const { key } = await newKey("billing");
    const wrong = () =>
      listCustomers(request("GET", "/customers", { key: `scp_${"B".repeat(43)}` }), { ...context, ip: "203.0.113.9" });
    for (let i = 0; i < 20; i++) expect((await wrong()).status).toBe(401);
    const limited = await wrong();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const right = await listCustomers(request("GET", "/customers", { key }), { ...context, ip: "203.0.113.9" });
    expect(right.status).toBe(200);
  });

  it("answers 400 with each field's reason, 415 for another content type, 413 for a large body", async () => {
    const { key } = await newKey("billing");
    const invalid = await put("/customers/C-1", key, { selfCareId: "x", name: "", email: "no", extra: 1 });
    expect(invalid.status).toBe(400);
    const problem = await invalid.json();
    const pointers = problem.errors.map((error: { pointer: string }) => error.pointer);
    expect(pointers).toEqual(expect.arrayContaining(["/selfCareId", "/name", "/email"]));
    expect(problem.errors.every((error: { reason: string }) => error.reason.length > 0)).toBe(true);

    const badPath = await putCustomer(request("PUT", "/customers/%20", { key, body: taro }), context, "!bad");
    expect(badPath.status).toBe(400);
    expect((await badPath.json()).errors[0]).toMatchObject({ parameter: "externalId" });

    const notJson = await putCustomer(request("PUT", "/customers/C-1", { key, raw: "{selfCareId" }), context, "C-1");
    expect(notJson.status).toBe(400);
    const text = await putCustomer(
      request("PUT", "/customers/C-1", { key, raw: JSON.stringify(taro), headers: { "content-type": "text/plain" } }),
      context,
      "C-1",
    );
    expect(text.status).toBe(415);
    const large = await put("/customers/C-1", key, { ...taro, name: "あ".repeat(10_000) });
    expect(large.status).toBe(413);

    const badLine = await put("/lines/0501234", key, {
      customerExternalId: "C-1",
      serviceKind: "fax",
      status: "suspended",
    });
    expect(badLine.status).toBe(400);
    expect((await badLine.json()).errors[0]).toMatchObject({ parameter: "number" });
    const suspendedWithoutReason = await put("/lines/05011110001", key, { ...activeLine("C-1"), status: "suspended" });
    expect((await suspendedWithoutReason.json()).errors).toEqual([
      { pointer: "/suspensionReason", reason: expect.any(String) },
    ]);
    expect(await suite.database.db.$count(customers, eq(customers.externalId, "C-1"))).toBe(0);
  });

  it("creates a customer (201, the initial password once), then answers 200 for the same and for a change; GET reads it back", async () => {
    const { key } = await newKey("billing");
    const created = await put("/customers/C-1", key, taro);
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const body = await created.json();
    expect(body).toMatchObject({ externalId: "C-1", ...taro, initialPassword: expect.stringMatching(/^\S{12,}$/) });

    const again = await put("/customers/C-1", key, taro);
    expect(again.status).toBe(200);
    expect(await again.json()).not.toHaveProperty("initialPassword");
    const renamed = await put("/customers/C-1", key, { ...taro, name: "山田 太" });
    expect(renamed.status).toBe(200);
    expect((await renamed.json()).name).toBe("山田 太");

    const taken = await put("/customers/C-2", key, { ...hanako, selfCareId: taro.selfCareId });
    expect(taken.status).toBe(409);
    expect((await taken.json()).type).toMatch(/self-care-id-taken$/);

    expect((await put("/lines/05011110001", key, activeLine("C-1"))).status).toBe(201);
    const read = await getCustomer(request("GET", "/customers/C-1", { key }), context, "C-1");
    expect(await read.json()).toMatchObject({ externalId: "C-1", name: "山田 太", lines: ["05011110001"] });
    const missing = await getCustomer(request("GET", "/customers/C-9", { key }), context, "C-9");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
  });

  it("creates, reads and changes a line through its life; conflicts are 409, an unknown customer 422", async () => {
    const { key } = await newKey("billing");
    await put("/customers/C-1", key, taro);
    await put("/customers/C-2", key, hanako);
    const created = await put("/lines/050-1111-0001", key, activeLine("C-1"));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      number: "05011110001",
      status: "active",
      sipPassword: expect.stringMatching(/^[a-z0-9]{8}$/),
    });
    expect((await put("/lines/05011110001", key, activeLine("C-1"))).status).toBe(200);
    const held = await put("/lines/05011110001", key, activeLine("C-2"));
    expect(held.status).toBe(409);
    expect((await held.json()).type).toMatch(/number-held$/);
    const unknown = await put("/lines/05011110002", key, activeLine("C-9"));
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).errors).toEqual([{ pointer: "/customerExternalId", reason: expect.any(String) }]);

    const suspended = await put("/lines/05011110001", key, {
      ...activeLine("C-1"),
      status: "suspended",
      suspensionReason: "non-payment",
    });
    expect(suspended.status).toBe(200);
    expect(await suspended.json()).toMatchObject({ status: "suspended", suspensionReason: "non-payment" });
    expect((await put("/lines/05011110001", key, { ...activeLine("C-1"), status: "terminated" })).status).toBe(200);
    const ended = await put("/lines/05011110001", key, activeLine("C-1"));
    expect(ended.status).toBe(409);
    expect((await ended.json()).type).toMatch(/line-terminated$/);
    const quarantined = await put("/lines/05011110001", key, activeLine("C-2"));
    expect(quarantined.status).toBe(409);
    expect(await quarantined.json()).toMatchObject({
      type: expect.stringMatching(/number-in-quarantine$/),
      availableAt: expect.stringMatching(/^2027-/),
    });

    const read = await getLine(request("GET", "/lines/05011110001", { key }), context, "05011110001");
    expect(await read.json()).toMatchObject({ number: "05011110001", customerExternalId: "C-1", status: "terminated" });
    expect((await getLine(request("GET", "/lines/05099999999", { key }), context, "05099999999")).status).toBe(404);
  });

  it("pages customers and lines by keyset, each item once, and filters lines by customer", async () => {
    const { key } = await newKey("billing");
    for (let i = 1; i <= 7; i++) {
      await put(`/customers/C-${i}`, key, {
        selfCareId: `sc20000${i}`,
        name: `お客様 ${i}`,
        email: `c${i}@example.jp`,
      });
      await put(`/lines/0502222000${i}`, key, activeLine(`C-${i % 2 === 0 ? 2 : 1}`));
    }
    const walk = async (list: typeof listCustomers, path: string, field: string) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const query = new URLSearchParams({ limit: "3", ...(after ? { after } : {}) });
        const response = await list(
          request("GET", `${path}${path.includes("?") ? "&" : "?"}${query}`, { key }),
          context,
        );
        expect(response.status).toBe(200);
        const page = (await response.json()) as { items: Record<string, string>[]; next: string | null };
        seen.push(...page.items.map((item) => item[field]!));
        after = page.next;
        if (!after) break;
      }
      return seen;
    };
    expect(await walk(listCustomers, "/customers", "externalId")).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `C-${i}`));
    expect(await walk(listLines, "/lines", "number")).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `0502222000${i}`));
    expect(await walk(listLines, "/lines?customer=C-2", "number")).toEqual([
      "05022220002",
      "05022220004",
      "05022220006",
    ]);

    const badLimit = await listCustomers(request("GET", "/customers?limit=0", { key }), context);
    expect(badLimit.status).toBe(400);
    expect((await badLimit.json()).errors[0]).toMatchObject({ parameter: "limit" });
    const badAfter = await listCustomers(request("GET", "/customers?after=!!", { key }), context);
    expect(badAfter.status).toBe(400);
    expect((await listLines(request("GET", "/lines?customer=C-99", { key }), context)).status).toBe(404);
  });

  it("replays a write's answer for a repeated Idempotency-Key, and refuses the key with another body (422)", async () => {
    const { key } = await newKey("billing");
    const headers = { "idempotency-key": "order-1" };
    const first = await put("/customers/C-1", key, taro, headers);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const firstBody = await first.json();
    const again = await put("/customers/C-1", key, taro, headers);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(firstBody);
    const [stored] = await suite.database.db.select().from(provisioningRequests);
    expect(stored!.sealedResponse).not.toContain(firstBody.initialPassword);

    const other = await put("/customers/C-1", key, { ...taro, name: "別人" }, headers);
    expect(other.status).toBe(422);
    expect((await other.json()).type).toMatch(/idempotency-key-reused$/);
    const malformed = await put("/customers/C-1", key, taro, { "idempotency-key": "a\u007fb" });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).errors[0]).toMatchObject({ parameter: "Idempotency-Key" });

    // Another key's Idempotency-Key space is its own.
    const second = await newKey("billing-2");
    expect((await put("/customers/C-1", second.key, taro, headers)).status).toBe(200);

    // A day later the answer (and its initial password) is never replayed, even before the sweep: the key starts afresh.
    await suite.database.db.update(provisioningRequests).set({ createdAt: new Date(now.getTime() - 25 * 3_600_000) });
    const late = await put("/customers/C-1", key, taro, headers);
    expect(late.status).toBe(200);
    expect(late.headers.get("idempotent-replayed")).toBeNull();
    expect(await late.json()).not.toHaveProperty("initialPassword");

    // The scheduled sweep forgets answers after a day.
    await suite.database.db.update(provisioningRequests).set({ createdAt: new Date(now.getTime() - 25 * 3_600_000) });
    expect(await sweepProvisioningRequests(new Date(now.getTime() - 24 * 3_600_000))).toBe(2);
  });

  it("50 concurrent identical PUTs with one Idempotency-Key make one customer, and all answer the same 201", async () => {
    const { key } = await newKey("billing");
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => put("/customers/C-50", key, taro, { "idempotency-key": "same-for-all" })),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(201));
    const bodies = await Promise.all(responses.map((response) => response.json()));
    expect(new Set(bodies.map((body) => body.initialPassword)).size).toBe(1);
    expect(responses.filter((response) => response.headers.get("idempotent-replayed") === "true")).toHaveLength(49);
    expect(await suite.database.db.$count(customers, eq(customers.externalId, "C-50"))).toBe(1);
    expect(await suite.database.db.$count(auditEvents, eq(auditEvents.type, "provisioning.customer-created"))).toBe(1);
  });

  it("50 concurrent creations of one number for two customers give it one owner; the other customer's get 409", async () => {
    const { key } = await newKey("billing");
    await put("/customers/C-1", key, taro);
    await put("/customers/C-2", key, hanako);
    const owners = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? "C-1" : "C-2"));
    const responses = await Promise.all(owners.map((owner) => put("/lines/05033330001", key, activeLine(owner))));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    const winner = owners[statuses.indexOf(201)]!;
    owners.forEach((owner, i) =>
      expect(statuses[i]).toBe(owner === winner ? (i === statuses.indexOf(201) ? 201 : 200) : 409),
    );
    const rows = await suite.database.db.select().from(ipPhoneLines).where(eq(ipPhoneLines.number, "05033330001"));
    expect(rows).toHaveLength(1);
  });

  it("audits every write with the key's name", async () => {
    const { key } = await newKey("料金システム本番");
    await put("/customers/C-1", key, taro);
    await put("/lines/05011110001", key, activeLine("C-1"));
    await put("/customers/C-1", key, { ...taro, name: "山田 次郎" });
    const events = await suite.database.db
      .select({ type: auditEvents.type, key: sql<string>`${auditEvents.detail}->>'key'` })
      .from(auditEvents)
      .where(
        sql`${auditEvents.type} in ('provisioning.customer-created', 'line.provisioned', 'provisioning.customer-updated')`,
      );
    expect(events).toHaveLength(3);
    expect(events.every((event) => event.key === "料金システム本番")).toBe(true);
    const [keyEvent] = await suite.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.type, "api-key.created"));
    expect(keyEvent!.detail).toMatchObject({ apiKey: "料金システム本番", scope: "write" });
  });
});

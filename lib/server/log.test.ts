import { afterEach, describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { Writable } from "node:stream";
import { createLogger, routeConsoleToLog, scrub } from "./log";

describe("log scrubbing", () => {
  it("removes credentials from connection strings", () => {
    const line = scrub("connect failed for postgres://app:s3cret@db.example.jp:5432/selfcare");
    expect(line).not.toContain("s3cret");
    expect(line).not.toContain("app:");
    expect(line).toContain("[redacted-url]");
  });

  it("removes the parameters drizzle adds to a failed query", () => {
    const line = scrub(
      'Failed query: update "ip_phone_lines" set "sip_password_hash" = $1\nparams: $argon2id$v=19$m=19456,t=2,p=1$abc,xyz\n    at run',
    );
    expect(line).not.toContain("argon2id");
    expect(line).toContain("Failed query: update");
    expect(line).toContain("at run");
  });

  it("removes bearer tokens", () => {
    expect(scrub("Authorization: Bearer e2e-cron-secret-0123456789")).not.toContain("e2e-cron-secret");
  });
});

describe("log scrubbing by shape", () => {
  it.each([
    ["an argon2 hash", "hash $argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g end", "argon2id"],
    ["a generated secret's keyed hash", "hash $hmac-sha256$q1w2e3r4t5y6u7i8o9p0aSdFgHjKlZxCvBnM end", "q1w2e3r4"],
    ["a provisioning API key without digits", "key scp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL-_abcdef end", "scp_abcd"],
    ["a sealed secret", "v1.AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBB.Q0lQSEVS", "v1.AAAA"],
    ["a JWT", "token eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2In0..abc.def.ghi", "eyJhbGci"],
    ["an ha1 digest", "ha1 939e7578ed9e3c518a452acee763bce9", "939e7578"],
    ["a binding token", "binding Q2hhbGxlbmdlLXRva2VuLTEyMzQ1Njc4OTAtYWJjZGVmZ2g", "Q2hhbGxl"],
    ["a code next to its name", 'code: "482913"', "482913"],
    ["a key=value connection string", "host=db port=5432 password=s3cret-pw user=app", "s3cret-pw"],
    ["a URL without credentials", "postgresql://db.internal:5432/selfcare?sslmode=require", "db.internal"],
  ])("removes %s", (_name, line, secret) => {
    expect(scrub(line)).not.toContain(secret);
  });

  it("keeps what a reader needs: ids, constraint names, numbers", () => {
    const line =
      'change 8d69a42e-9efd-406d-88a4-204a7802db67 refused: "password_changes_one_pending_per_line_idx", 3 tries, 2026';
    expect(scrub(line)).toBe(line);
  });
});

describe("the logger", () => {
  const capture = () => {
    const lines: string[] = [];
    const logger = createLogger(
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    return { logger, text: () => lines.join("") };
  };

  it("scrubs the message pino takes from an error", () => {
    const { logger, text } = capture();
    logger.warn({ err: new Error("Failed query: select $1\nparams: 939e7578ed9e3c518a452acee763bce9") });
    expect(text()).toContain("Failed query");
    expect(text()).not.toContain("939e7578");
  });

  it("redacts fields named like secrets at any depth", () => {
    const { logger, text } = capture();
    logger.info({ event: "x", request: { body: { form: { newPassword: "k7m2x9qa", code: "482913" } } } }, "posted");
    expect(text()).toContain('"event":"x"');
    expect(text()).not.toMatch(/k7m2x9qa|482913/);
  });
});

describe("the console, through the logger", () => {
  const methods = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  afterEach(() => Object.assign(console, methods));

  const capture = () => {
    const lines: Record<string, unknown>[] = [];
    routeConsoleToLog(
      createLogger(
        new Writable({
          write(chunk, _encoding, done) {
            lines.push(JSON.parse(String(chunk)));
            done();
          },
        }),
      ),
    );
    return lines;
  };

  it("logs an error with its message and stack", () => {
    const lines = capture();
    console.error(new Error("the transport is down"));
    expect(lines).toMatchObject([
      { level: "error", msg: "the transport is down", err: { type: "Error", message: "the transport is down" } },
    ]);
    expect((lines[0]!.err as { stack: string }).stack).toContain("log.test.ts");
  });

  it("logs a client's abort (Node's request error when the socket closes mid-body) as an info event", async () => {
    const lines = capture();
    // What node:_http_server's abortIncoming destroys the request with, made by a real client going away.
    console.error(await serverSideAbort());
    expect(lines).toEqual([expect.objectContaining({ level: "info", event: "request.client-aborted" })]);
  });

  it("keeps an error that only resembles an abort an error", () => {
    const lines = capture();
    console.error(Object.assign(new Error("aborted"), { code: "ECONNREFUSED" }));
    console.error(Object.assign(new Error("connection aborted"), { code: "ECONNRESET" }));
    // Node's HTTP client raises the same message and code for an upstream answer cut short: a real fault.
    console.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
    expect(lines.map((line) => line.level)).toEqual(["error", "error", "error"]);
  });
});

/** The error a server's request gets when its client goes away before the announced body has arrived. */
function serverSideAbort(): Promise<Error> {
  return new Promise((resolve) => {
    let client: net.Socket;
    const server = http.createServer((request) => {
      request.on("error", (error) => {
        server.close();
        resolve(error);
      });
      // The client goes away once part of the body is in.
      request.once("data", () => client.destroy());
    });
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      client = net.connect(port, "127.0.0.1", () => {
        client.write("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nab");
      });
    });
  });
}

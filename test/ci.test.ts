// A red browser test fails CI: no retry turns a flake into a pass.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import config from "@/playwright.config";

const root = path.resolve(import.meta.dirname, "..");
const filesUnder = (dir: string): string[] =>
  fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));

describe("the browser suite in CI", () => {
  it("runs each test once: Playwright's retries are 0", () => {
    expect(config.retries).toBe(0);
    expect(config.projects?.every((project) => project.retries === undefined)).toBe(true);
  });

  it("is not given retries by any script CI runs", () => {
    const files = ["package.json", ...filesUnder(".ci"), ...filesUnder("scripts")];
    const giving = files.filter((file) =>
      /--retries|PLAYWRIGHT_RETRIES|retries:/.test(fs.readFileSync(path.join(root, file), "utf8")),
    );
    expect(giving).toEqual([]);
  });
});

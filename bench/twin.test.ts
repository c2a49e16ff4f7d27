import fs from "node:fs";
import { describe, expect, it } from "vitest";

const manifest = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));
const project = manifest("package.json");
const twin = manifest("bench/twin/package.json");
const lock = manifest("bench/twin/package-lock.json");

describe("the bench's bare twin", () => {
  it("is built on exactly the project's Next.js, React and TypeScript", () => {
    for (const name of ["next", "react", "react-dom"]) {
      expect(twin.dependencies[name], name).toBe(project.dependencies[name]);
      expect(lock.packages[`node_modules/${name}`].version, name).toBe(project.dependencies[name]);
    }
    for (const name of ["typescript", "@types/react", "@types/node"]) {
      expect(twin.devDependencies[name], name).toBe(project.devDependencies[name]);
    }
  });
});

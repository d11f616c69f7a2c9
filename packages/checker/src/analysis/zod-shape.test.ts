import { describe, expect, it } from "vitest";
import { Node } from "../ts-morph.js";
import type { SourceFile } from "ts-morph";
import { createTestContext } from "../testing/create-test-context.js";
import { schemaShape } from "./zod-shape.js";

function project(files: Record<string, string>): SourceFile[] {
  return [...createTestContext(files, {}, { noLib: true }).relevantFiles];
}

/** The keys (sorted, `+open` when unknown keys pass) of the initializer of `const <name>` in the last file. */
function keysOf(files: Record<string, string>, name: string): string[] | undefined {
  const file = project(files).at(-1)!;
  const shape = schemaShape(file.getVariableDeclarationOrThrow(name).getInitializerOrThrow());
  return shape && [...[...shape.keys.keys()].sort(), ...(shape.open ? ["+open"] : [])];
}

describe("schemaShape", () => {
  it("resolves objects, extend/merge/pick/omit, shape spreads and constants across files", () => {
    const files = {
      "a.ts": `import { z } from "zod";
export const base = z.object({ host: z.string(), port: z.number() });
export const shapes = { secret: z.object({ password: z.string() }) };
`,
      "b.ts": `import { z } from "zod";
import { base, shapes } from "./a";
const extended = base.partial().extend({ password: z.string() }).strict();
const merged = base.merge(shapes.secret);
const picked = extended.pick({ host: true });
const omitted = extended.omit({ password: true, port: true });
const spread = z.object({ ...base.shape, user: z.string() });
const loose = base.passthrough();
const either = z.union([base, shapes.secret]);
const tagged = z.discriminatedUnion("kind", [base, z.object({ kind: z.literal("x"), token: z.string() })]);
const both = z.intersection(base, shapes.secret).and(z.object({ extra: z.string() }));
const preprocessed = z.preprocess((value) => value, base);
const lazy = z.lazy(() => shapes.secret);
const notSchema = z.string().min(1);
`,
    };
    expect(keysOf(files, "extended")).toEqual(["host", "password", "port"]);
    expect(keysOf(files, "merged")).toEqual(["host", "password", "port"]);
    expect(keysOf(files, "picked")).toEqual(["host"]);
    expect(keysOf(files, "omitted")).toEqual(["host"]);
    expect(keysOf(files, "spread")).toEqual(["host", "port", "user"]);
    expect(keysOf(files, "loose")).toEqual(["host", "port", "+open"]);
    expect(keysOf(files, "either")).toEqual(["host", "password", "port"]);
    expect(keysOf(files, "tagged")).toEqual(["host", "kind", "port", "token"]);
    expect(keysOf(files, "both")).toEqual(["extra", "host", "password", "port"]);
    expect(keysOf(files, "preprocessed")).toEqual(["host", "port"]);
    expect(keysOf(files, "lazy")).toEqual(["password"]);
    expect(keysOf(files, "notSchema")).toBeUndefined();
  });

  it("points every key at the property that declares it, in its own file", () => {
    const files = {
      "a.ts": `import { z } from "zod";\nexport const base = z.object({ password: z.string() });\n`,
      "b.ts": `import { base } from "./a";\nconst extended = base.extend({ host: z.string() });\n`,
    };
    const file = project(files).at(-1)!;
    const shape = schemaShape(file.getVariableDeclarationOrThrow("extended").getInitializerOrThrow())!;
    const where = (key: string) => {
      const property = shape.keys.get(key)!.property;
      return `${property.getSourceFile().getBaseName()}:${property.getStartLineNumber()}:${Node.isPropertyAssignment(property)}`;
    };
    expect([where("password"), where("host")]).toEqual(["a.ts:2:true", "b.ts:2:true"]);
  });
});

import { describe, expect, it } from "vitest";
import { SyntaxKind } from "../ts-morph.js";
import { createTestContext } from "../testing/create-test-context.js";
import { typeKeys } from "./type-keys.js";

/** The keys (sorted, `+open` when any key may be present) of `type <name>` in the last file. */
function typeKeysOf(files: Record<string, string>, name: string): string[] | undefined {
  const file = [...createTestContext(files, {}, { noLib: true }).relevantFiles].at(-1)!;
  const alias = file.getDescendantsOfKind(SyntaxKind.TypeAliasDeclaration).find((node) => node.getName() === name)!;
  const keys = typeKeys(alias.getTypeNodeOrThrow());
  return keys && [...[...keys.keys.keys()].sort(), ...(keys.open ? ["+open"] : [])];
}

describe("typeKeys", () => {
  it("resolves literals, interfaces with extends, aliases, utility types, Record keys and z.infer", () => {
    const files = {
      "a.ts": `import { z } from "zod";
export interface Base { host: string; port?: number }
export interface Smtp extends Base { password?: string }
export const schema = z.object({ token: z.string() });
`,
      "b.ts": `import type { z } from "zod";
import type { Base, Smtp, schema } from "./a";
type Literal = { a: string; "b-c": number };
type Extended = Smtp;
type Partially = Partial<Smtp> & { extra: boolean };
type Without = Omit<Smtp, "password" | "port">;
type Only = Pick<Smtp, "password">;
type Keys = Record<"x" | "y", string>;
type Open = Record<string, unknown>;
type Indexed = { [key: string]: string; known: string };
type Inferred = z.infer<typeof schema>;
type Library = Prisma.SettingsUpdateInput;
type Nullable = Base | null;
`,
    };
    expect(typeKeysOf(files, "Literal")).toEqual(["a", "b-c"]);
    expect(typeKeysOf(files, "Extended")).toEqual(["host", "password", "port"]);
    expect(typeKeysOf(files, "Partially")).toEqual(["extra", "host", "password", "port"]);
    expect(typeKeysOf(files, "Without")).toEqual(["host"]);
    expect(typeKeysOf(files, "Only")).toEqual(["password"]);
    expect(typeKeysOf(files, "Keys")).toEqual(["x", "y"]);
    expect(typeKeysOf(files, "Open")).toEqual(["+open"]);
    expect(typeKeysOf(files, "Indexed")).toEqual(["known", "+open"]);
    expect(typeKeysOf(files, "Inferred")).toEqual(["token"]);
    expect(typeKeysOf(files, "Library")).toBeUndefined();
    expect(typeKeysOf(files, "Nullable")).toEqual(["host", "port"]);
  });
});

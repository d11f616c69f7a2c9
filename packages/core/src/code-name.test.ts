import { describe, expect, it } from "vitest";
import { codeName, type CodeNameView } from "./code-name.js";

/** A tiny expression tree, the shape both engines' views map their ASTs to. */
type Node =
  | { id: string }
  | { object: Node; property?: string }
  | { newCallee: Node }
  | { callee: Node; args: string[] }
  | { literal: string };

const view = (node: Node): CodeNameView<Node> => {
  if ("id" in node) return { kind: "identifier", name: node.id };
  if ("object" in node) return { kind: "member", object: node.object, property: node.property };
  if ("newCallee" in node) return { kind: "new", callee: node.newCallee };
  if ("callee" in node) return { kind: "call" };
  return { kind: "other" };
};

const SECRET = "sk-live-4f9a0c2e7b1d";
const id = (name: string): Node => ({ id: name });
const member = (object: Node, property?: string): Node => ({ object, ...(property !== undefined ? { property } : {}) });

describe("codeName", () => {
  it("names identifiers and member chains", () => {
    expect(codeName(id("saveSettings"), view)).toBe("saveSettings");
    expect(codeName(member(member(id("this"), "repo"), "save"), view)).toBe("this.repo.save");
    expect(codeName(member(id("obj"), "#secret"), view)).toBe("obj.#secret");
  });

  it("shows `new X` without its arguments (not `newX(ctx.db)`)", () => {
    expect(codeName({ newCallee: id("AppConfigService") }, view)).toBe("new AppConfigService");
    expect(codeName(member({ newCallee: member(id("services"), "Config") }, "save"), view)).toBe("(new services.Config).save");
  });

  it("never quotes a literal, an argument or a computed key", () => {
    const client = { callee: { callee: id("createClient"), args: [`"${SECRET}"`] }, args: ["x"] } as Node;
    expect(codeName(client, view)).toBe("<call>");
    expect(codeName(member(client, "save"), view)).toBe("<call>.save");
    expect(codeName(member(id("repos"), undefined), view)).toBe("repos[…]");
    expect(codeName({ literal: `"${SECRET}"` }, view)).toBe("<expression>");
    expect(codeName({ newCallee: { literal: SECRET } }, view)).toBe("new <expression>");
    // A "name" that is no identifier (a view fed source text) is not shown either.
    expect(codeName(id(`x("${SECRET}")`), view)).toBe("<expression>");
    expect(codeName(member(id("a"), `"${SECRET}"`), view)).toBe("a[…]");
  });

  it("keeps long chains short", () => {
    let chain: Node = id("a");
    for (let i = 0; i < 12; i++) chain = member(chain, `p${i}`);
    expect(codeName(chain, view)).toBe("<expression>");
  });
});

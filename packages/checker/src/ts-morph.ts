/**
 * ts-morph's values, loaded with `require`. Imported from an ES module, Node would first scan
 * ts-morph's CommonJS source for its export names, about 80 ms of every run. The checker imports
 * `Node`, `Project`, `SyntaxKind` and `ts` from here; types still come from "ts-morph" itself.
 */
import { createRequire } from "node:module";
import type * as TsMorph from "ts-morph";

const tsMorph = createRequire(import.meta.url)("ts-morph") as typeof TsMorph;

export const Node = tsMorph.Node;
export type Node<T extends TsMorph.ts.Node = TsMorph.ts.Node> = TsMorph.Node<T>;
export const Project = tsMorph.Project;
export type Project = TsMorph.Project;
export const SyntaxKind = tsMorph.SyntaxKind;
export type SyntaxKind = TsMorph.SyntaxKind;
export const ts = tsMorph.ts;

/**
 * The engine works on the TypeScript compiler's syntax tree, but never imports `typescript` at run
 * time: the nodes it gets come from whichever copy of TypeScript parsed them (the one
 * `@typescript-eslint/parser` uses in an editor, the one ts-morph bundles in the checker), and
 * `SyntaxKind` numbers differ between TypeScript versions. The driver hands the engine that copy.
 */
import type * as TS from "typescript";

export type Ts = typeof TS;
export type { TS };

/** Does `ts` (the module the engine was given) describe the tree it is asked to analyse? */
export function isTreeOf(ts: Ts, sourceFile: TS.SourceFile): boolean {
  return sourceFile.kind === ts.SyntaxKind.SourceFile;
}

// Preloaded (`node --import`) into ESLint's CLI by `pnpm bench`'s command P, and used by
// scripts/bench/eslint-rule-cost.mjs: ESLint's rule contexts built as plain objects.
//
// ESLint builds each rule's context per file with `Object.create(fileContext)`. The per-file
// FileContext, which holds the file's SourceCode, then survives V8's young-generation GCs, so every
// file's AST is promoted to the old generation: an ESLint run with any rule enabled peaks ~90 MB
// higher and takes ~30% longer on 500 files than one with no rule (scripts/bench/eslint-rule-cost.mjs).
// Copying the file's fields instead (the same properties, read the same way by rules) removes that
// cost. This patches ESLint's module in memory for the measurement; it changes nothing on disk.

import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const { FileContext } = require(join(dirname(require.resolve("eslint/package.json")), "lib/linter/file-context.js"));

FileContext.prototype.extend = function extend(extension) {
  return Object.freeze({ ...this, ...extension });
};

#!/usr/bin/env node
// A minimal reproduction, without ESLint, of what any ESLint rule costs (docs/performance.md, "What any
// ESLint rule costs"): a loop over many small "files", each a short-lived graph held by a frozen
// per-file context object, as ESLint's FileContext holds a file's SourceCode.
//   none    the context is only read
//   create  one `Object.create(context)` per file, as ESLint's `FileContext#extend` does per rule
//   plain   one plain copy `{ ...context }` per file instead
// With `create`, V8 makes every context a prototype (with a map of its own, in the old generation,
// pointing at it), so each file's graph survives the young-generation GCs and is promoted: a higher
// peak and far more GC time.
//
//   node scripts/bench/object-create-repro.mjs        # runs the three variants, each in a fresh process

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const FILES = 20_000;
const NODES_PER_FILE = 2_000;

class FileContext {
  constructor(graph) {
    this.graph = graph;
    Object.freeze(this);
  }
}

const variant = process.argv[2];
if (variant) {
  let sink = 0;
  const started = performance.now();
  for (let file = 0; file < FILES; file++) {
    const context = new FileContext(Array.from({ length: NODES_PER_FILE }, (_, i) => ({ i, kind: "Node" })));
    const ruleContext =
      variant === "create" ? Object.freeze(Object.assign(Object.create(context), { id: "rule" }))
      : variant === "plain" ? Object.freeze({ ...context, id: "rule" })
      : context;
    sink += ruleContext.graph.length;
  }
  const ms = performance.now() - started;
  console.log(`${variant.padEnd(6)} ${(ms / 1000).toFixed(2)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (${sink} nodes)`);
} else {
  for (const name of ["none", "create", "plain"]) {
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name], { encoding: "utf8" });
    process.stdout.write(run.stdout || run.stderr);
  }
}

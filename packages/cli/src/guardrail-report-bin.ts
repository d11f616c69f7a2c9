#!/usr/bin/env node
import { join } from "node:path";
import { schemaCacheDir } from "@secret-guardrails/core";
import { enableCompileCache } from "./compile-cache.js";
import { guardrailReport } from "./guardrail-report.js";

// As bin.js: TypeScript and ts-morph load from V8's compiled code of an earlier run.
const cacheDir = schemaCacheDir();
if (cacheDir && !process.argv.includes("--no-cache")) enableCompileCache(join(cacheDir, "v8"));

process.exitCode = await guardrailReport(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});

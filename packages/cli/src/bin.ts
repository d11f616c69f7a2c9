#!/usr/bin/env node
import { join } from "node:path";
import { schemaCacheDir } from "@secret-guardrails/core";
import { enableCompileCache } from "./compile-cache.js";
import { main } from "./main.js";

// TypeScript and ts-morph (loaded later, on demand) then load from V8's compiled code of an earlier
// run. Off with --no-cache or GUARDRAILS_CACHE_DIR=off.
const cacheDir = schemaCacheDir();
if (cacheDir && !process.argv.includes("--no-cache")) enableCompileCache(join(cacheDir, "v8"));

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });

#!/usr/bin/env node
import module from "node:module";
import { join } from "node:path";
import { schemaCacheDir } from "@secret-guardrails/core";
import { main } from "./main.js";

// Node 22.1+ keeps compiled modules on disk: TypeScript and ts-morph then load in a fraction of the
// time. A no-op on older Node (the function does not exist) or with GUARDRAILS_CACHE_DIR=off.
const cacheDir = schemaCacheDir();
const enableCompileCache = (module as { enableCompileCache?: (directory?: string) => unknown }).enableCompileCache;
if (cacheDir && !process.argv.includes("--no-cache")) enableCompileCache?.(join(cacheDir, "v8"));

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });

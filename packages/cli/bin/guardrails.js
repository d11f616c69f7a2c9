#!/usr/bin/env node
// The `guardrails` command: a file that exists before the build, so that package managers can link the
// command in a fresh workspace (`pnpm install` builds afterwards). The CLI is dist/bin.js.
import "../dist/bin.js";

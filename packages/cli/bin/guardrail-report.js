#!/usr/bin/env node
// The `guardrail-report` command (see bin/guardrails.js for why a file outside dist/).
import "../dist/guardrail-report-bin.js";

// `pnpm gen`: writes the generated files from their sources (after `tsc -b`). CI fails when running it
// would change anything (packages/cli/test/config-schema.test.ts).
//   packages/cli/guardrails.config.schema.json  <- packages/core/src/config-schema.ts
import { writeFileSync } from "node:fs";
import { configSchemaText } from "@secret-guardrails/core";

const target = new URL("../packages/cli/guardrails.config.schema.json", import.meta.url);
writeFileSync(target, configSchemaText());
console.log("wrote packages/cli/guardrails.config.schema.json");

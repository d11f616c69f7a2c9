import { fileURLToPath } from "node:url";

// Tests check hundreds of temporary trees: their caches (Prisma schemas, file index) go to a
// directory of this checkout, never to the user's cache. CLI processes the tests spawn inherit it.
// (RuleTester's hooks are wired where rule tests import it: packages/eslint-plugin/src/testing/rule-tester.ts.)
process.env.GUARDRAILS_CACHE_DIR ??= fileURLToPath(new URL("./node_modules/.cache/secret-guardrails-test", import.meta.url));

import { fileURLToPath } from "node:url";
import { RuleTester } from "@typescript-eslint/rule-tester";
import { afterAll, describe, it } from "vitest";

// @typescript-eslint/rule-tester needs the test framework's hooks (it uses none by default).
RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// Tests check hundreds of temporary trees: their caches (Prisma schemas, file index) go to a
// directory of this checkout, never to the user's cache. CLI processes the tests spawn inherit it.
process.env.GUARDRAILS_CACHE_DIR ??= fileURLToPath(new URL("./node_modules/.cache/secret-guardrails-test", import.meta.url));

/**
 * `@typescript-eslint/rule-tester` wired to vitest's hooks (it uses none by default). Rule tests import
 * `RuleTester` from here; other test files never pay for loading it.
 */
import { RuleTester } from "@typescript-eslint/rule-tester";
import { afterAll, describe, it } from "vitest";

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export { RuleTester };

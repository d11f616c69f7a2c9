export { Analysis, AnalysisBudgetError, type EngineFinding, type SecretClear } from "./analysis.js";
export type { Focus } from "./focus.js";
export * from "./messages.js";
export { isTreeOf, type TS, type Ts } from "./ts.js";

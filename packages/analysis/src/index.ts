export { Analysis, AnalysisBudgetError } from "./analysis.js";
export type { EngineFinding, SecretClear } from "./analysis-api.js";
export type { Focus } from "./focus.js";
export * from "./messages.js";
export { isTreeOf, type TS, type Ts } from "./ts.js";

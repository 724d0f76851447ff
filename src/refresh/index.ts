export { backgroundTasks } from "./background.js";
export { type BudgetLimits, opaqueRuntime, type RuntimeProbe, startBudget } from "./budget.js";
export { createRefreshCoordinator, DEFAULT_BUDGET, type RefreshCoordinator } from "./coordinator.js";
export { formatRefreshOutcome } from "./format.js";
export { refreshNow } from "./now.js";
export { knowledgeSteps, searchIndexStep } from "./pipeline.js";
export { runRefresh } from "./runner.js";
export type { Budget, RefreshOutcome, RefreshStep, StepContext, StepResult } from "./types.js";

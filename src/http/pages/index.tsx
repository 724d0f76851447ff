import type { AppRouter } from "../deps.js";

export function registerPages(_app: AppRouter): void {}

import type { AppRouter } from "../deps.js";

export function registerSlack(_app: AppRouter): void {}

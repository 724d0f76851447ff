import type { AppRouter } from "../deps.js";

export function registerClusters(_app: AppRouter): void {}

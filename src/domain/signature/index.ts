export { extractErrorLines } from "./extract/index";
export { parseLine } from "./extract/parse-line";
export { signatureId } from "./hash";
export { DEFAULT_WINDOW, LineClusterer } from "./line-clusterer";
export { type MinedTemplate, TemplateMiner } from "./miner";
export { normalizeMessage } from "./normalize";
export type { ErrorLine, MaskedValue, Normalized } from "./types";
export { WILDCARD } from "./types";

// Error families of the synthetic corpus (listed in generate.ts). Each renders one realistic paste of
// its error, with variable parts drawn from the seeded PRNG and the wrapper chosen among the ones
// users really paste that error in.
import { CORE_FAMILIES } from "./families-core";
import { MLSERVER_FAMILIES } from "./families-mlserver";
import type { Family } from "./family-kit";

export { CORE, type Ctx, type Family, MLSERVER, makeCtx, type Snippet } from "./family-kit";

export const FAMILIES: Family[] = [...CORE_FAMILIES, ...MLSERVER_FAMILIES];

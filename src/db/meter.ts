import { DbLimitError } from "./limits.js";

/**
 * Counts the calls one invocation makes to its database (a query, or a whole batch) and the
 * statements inside them. On D1 it refuses the call that would pass the per-invocation cap, so the
 * platform's own "too many API requests" never fires half-way through a write.
 */
export class CallMeter {
  calls = 0;
  statements = 0;
  /** Calls kept back from whatever runs now (a refresh step) for its caller's bookkeeping. */
  reserved = 0;

  constructor(readonly cap: number = Number.POSITIVE_INFINITY) {}

  /** Counts one call of `statements` statements, or throws when it would pass the cap. */
  charge(statements = 1): void {
    if (this.calls + 1 > this.cap - this.reserved) {
      const kept = this.reserved > 0 ? `, ${this.reserved} of them kept back` : "";
      throw new DbLimitError(
        "maxCallsPerInvocation",
        `this invocation has made ${this.calls} database calls, the most it may make (${this.cap}${kept})`,
      );
    }
    this.calls += 1;
    this.statements += statements;
  }

  /** Calls still allowed before the cap. */
  remaining(): number {
    return this.cap - this.reserved - this.calls;
  }
}

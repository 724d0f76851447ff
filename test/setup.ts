import { afterEach, vi } from "vitest";

// A test fails on any unexpected console.error (Epic Stack convention): errors must be asserted, not ignored.
const consoleError = vi.spyOn(console, "error");
afterEach(() => {
  const calls = consoleError.mock.calls;
  consoleError.mockClear();
  if (calls.length > 0) {
    throw new Error(`console.error was called:\n${calls.map((c) => c.map(String).join(" ")).join("\n")}`);
  }
});

import { describe, expect, it } from "vitest";
import { extractErrorLines } from "../../../src/domain/signature/index";

describe("extractErrorLines over issue text", () => {
  it("reads fenced and indented code blocks", () => {
    const text = [
      "Deploying fails:",
      "",
      "```",
      "ValueError: Expected 2D array, got 1D array instead",
      "```",
      "",
      "and the agent says",
      "",
      "    Failed to download model, retrying in 5s: context deadline exceeded",
    ].join("\n");
    const messages = extractErrorLines(text).map((l) => l.message);
    expect(messages).toContain("ValueError: Expected 2D array, got 1D array instead");
    expect(messages).toContain("Failed to download model, retrying in 5s: context deadline exceeded");
  });

  it("takes log-like lines from prose but not sentences that only mention errors", () => {
    const text = [
      "I think the error comes from the scheduler, it fails when I scale up.",
      'Error from server (NotFound): seldondeployments.machinelearning.seldon.io "iris" not found',
    ].join("\n");
    const lines = extractErrorLines(text);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.message).toBe('seldondeployments.machinelearning.seldon.io "iris" not found');
  });

  it("finds nothing in a question or a feature request", () => {
    expect(extractErrorLines("How can I add custom error metrics to my pipeline?")).toEqual([]);
    expect(extractErrorLines("Feature: retry failed inference requests automatically")).toEqual([]);
  });

  it("treats stack frames, banners and INFO lines as context", () => {
    const text = [
      "```",
      "2024-01-01 10:00:00,000 [mlserver] INFO - Uvicorn running on http://0.0.0.0:8080",
      "goroutine 1 [running]:",
      "main.main()",
      "\t/workspace/cmd/agent/main.go:120 +0x1d",
      "panic: runtime error: invalid memory address or nil pointer dereference",
      "```",
    ].join("\n");
    const lines = extractErrorLines(text);
    expect(lines.map((l) => l.message)).toEqual([
      "panic: runtime error: invalid memory address or nil pointer dereference",
    ]);
    expect(lines[0]?.severity).toBe(5);
  });

  it("lists each distinct message once, best first", () => {
    const line = "ValueError: bad input";
    const lines = extractErrorLines(`\`\`\`\n${line}\n${line}\nWARNING: slow request\n\`\`\``);
    expect(lines.map((l) => l.message)).toEqual(["ValueError: bad input", "slow request"]);
  });
});

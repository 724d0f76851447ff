import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config.js";

describe("parseConfig", () => {
  it("applies the documented defaults", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      PORT: 8787,
      KB_DB_PATH: "./data/kb.sqlite",
      GITHUB_API_URL: "https://api.github.com",
      KB_SEARCH_LOG_RETENTION_DAYS: 90,
      KB_RATE_LIMIT_SEARCH: 60,
      KB_RATE_LIMIT_READ: 600,
      TRUST_PROXY: "0",
      KB_SEARCH_INDEX: "database",
      KB_REFRESH_WORKER: "1",
    });
    expect(config.GITHUB_TOKEN).toBeUndefined();
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ GITHUB_API_URL: "not a url" }, "GITHUB_API_URL"],
    [{ KB_ADMIN_TOKEN: "short" }, "KB_ADMIN_TOKEN"],
    [{ KB_SEARCH_LOG_RETENTION_DAYS: "0" }, "KB_SEARCH_LOG_RETENTION_DAYS"],
    [{ KB_SEARCH_LOG_RETENTION_DAYS: "ninety" }, "KB_SEARCH_LOG_RETENTION_DAYS"],
    [{ KB_SEARCH_LOG_RETENTION_DAYS: "1.5" }, "KB_SEARCH_LOG_RETENTION_DAYS"],
    [{ KB_RATE_LIMIT_SEARCH: "-1" }, "KB_RATE_LIMIT_SEARCH"],
    [{ KB_RATE_LIMIT_READ: "lots" }, "KB_RATE_LIMIT_READ"],
    [{ TRUST_PROXY: "yes" }, "TRUST_PROXY"],
    [{ KB_SEARCH_INDEX: "disk" }, "KB_SEARCH_INDEX"],
    [{ KB_REFRESH_WORKER: "on" }, "KB_REFRESH_WORKER"],
  ])("stops on %o with a message naming %s", (env, name) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(new RegExp(`^invalid configuration: ${name}:`));
  });

  it("never echoes a secret's value", () => {
    expect(() => parseConfig({ KB_ADMIN_TOKEN: "tiny" })).toThrow(/^(?!.*tiny).*$/);
  });
});

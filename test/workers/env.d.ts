declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    KB_ADMIN_TOKEN: string;
    GITHUB_WEBHOOK_SECRET: string;
  }
}

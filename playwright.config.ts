import { defineConfig, devices } from "@playwright/test";
import { E2E_DATABASE_URL } from "./e2e/support/paths";

// E2E_PORT lets several checkouts run their suites side by side.
const PORT = Number(process.env.E2E_PORT ?? 4100);
const BASE_URL = `http://localhost:${PORT}`;
// A fresh database per run, apart from the dev one.
const DB = `DATABASE_URL=${E2E_DATABASE_URL}`;

export default defineConfig({
  testDir: "./e2e",
  // Multi-browser tests take 40 s on a loaded 2-core machine; the budget is for the slowest honest run.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // No retries: a test that passes only on its second try is a bug to fix, not to hide.
  retries: 0,
  reporter: [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    // A stuck step fails with its own name instead of the whole test timing out.
    actionTimeout: 10_000,
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's chromium; Playwright's own browser downloads are not available here.
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    {
      name: "phone",
      use: { ...devices["Pixel 7"], browserName: "chromium", viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true },
    },
    { name: "desktop", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } } },
  ],
  webServer: {
    command: `${DB} npm run db:seed && ${DB} PORT=${PORT} AUTH_URL=${BASE_URL} TOKEN_EXPIRY_GRACE_MS=2000 LOG_LEVEL=warn npm start`,
    url: `${BASE_URL}/api/health`,
    // The first run builds Next, which takes minutes on a busy 2-core machine.
    timeout: 900_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
  },
});

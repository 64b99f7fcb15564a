/** The e2e server's own SQLite file: playwright.config.ts starts the server on it, tests may open it too. */
export const E2E_DATABASE_URL = "file:./data/e2e.db";

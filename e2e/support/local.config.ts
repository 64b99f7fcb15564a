// Runs the specs against an already started server on another port (PW_BASE_URL), so a second
// worktree's server does not collide with the default one on :4100.
import { defineConfig } from "@playwright/test";
import base from "../../playwright.config";

const baseURL = process.env.PW_BASE_URL ?? "http://localhost:4310";

export default defineConfig({
  ...base,
  testDir: "..",
  outputDir: "../../test-results",
  reporter: [["list"]],
  use: { ...base.use, baseURL },
  projects: base.projects?.map((p) => ({ ...p, use: { ...p.use, baseURL } })),
  webServer: undefined,
});

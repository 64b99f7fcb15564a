import { expect, it } from "vitest";
import { SignUpLimiter } from "@/server/limits/sign-in-limiter";

it("allows ten accounts an hour from one address, and other addresses are unaffected", async () => {
  const limiter = new SignUpLimiter();
  for (let i = 0; i < 10; i++) {
    expect(await limiter.allowed("203.0.113.7")).toBe(true);
    await limiter.recordAccount("203.0.113.7");
  }
  expect(await limiter.allowed("203.0.113.7")).toBe(false);
  expect(await limiter.allowed("198.51.100.1")).toBe(true);
});

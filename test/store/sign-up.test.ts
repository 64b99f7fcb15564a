// Sign-up's rules against a real database (SQLite here, PostgreSQL in test:store:pg).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "@/server/services/accounts";
import { authenticateUser, createUser } from "@/server/store/repositories/users.repository";
import { openSeededStore, type TestStore } from "./helpers";

let store: TestStore;
beforeAll(async () => {
  store = await openSeededStore();
});
afterAll(() => store.dispose());

const STRONG = "velvet tugboat orbit";
const userCount = async () => Number((await store.db.selectFrom("users").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

describe("sign-up", () => {
  it("creates a shopper with an opaque id who can sign in with any case of the username", async () => {
    const result = await signUp(store.db, { displayName: "  Lena Fischer ", username: "Lena.Fischer", password: STRONG });
    expect(result).toMatchObject({ ok: true, user: { username: "lena.fischer", display_name: "Lena Fischer", role: "shopper" } });
    const { id } = (result as { ok: true; user: { id: string } }).user;
    // Topic parsers read `shop_…` and `user_…`; an id must never look like either or leak the name.
    expect(id).toMatch(/^usr_[a-z0-9]+$/);
    expect(id).not.toContain("lena");
    expect((await authenticateUser(store.db, "LENA.fischer", STRONG))?.id).toBe(id);
    expect(await authenticateUser(store.db, "lena.fischer", "velvet tugboat orbiT")).toBeNull();
  });

  it("refuses a username that exists in any case, and the index refuses a racing insert", async () => {
    const before = await userCount();
    for (const username of ["LENA.FISCHER", "User123"]) {
      expect(await signUp(store.db, { displayName: "Someone", username, password: STRONG })).toEqual({
        ok: false,
        errors: { username: "This username is taken, please pick another one." },
      });
    }
    await expect(createUser(store.db, { username: "Lena.fischer", displayName: "Race", password: STRONG })).rejects.toThrow();
    expect(await userCount()).toBe(before);
  });

  it("reserves the service's own names but not names that merely start like them", async () => {
    for (const username of ["admin", "Assistant", "system", "admin_maya", "support.team", "realtime_market"]) {
      const result = await signUp(store.db, { displayName: "Mallory", username, password: STRONG });
      expect(result, username).toEqual({ ok: false, errors: { username: "This username is reserved, please pick another one." } });
    }
    expect(await signUp(store.db, { displayName: "Assistant", username: "mallory", password: STRONG })).toEqual({
      ok: false,
      errors: { displayName: "This name is reserved, please pick another one." },
    });
    expect((await signUp(store.db, { displayName: "Hannah", username: "helpful_hannah", password: STRONG })).ok).toBe(true);
  });

  it("says what to change for every refused field and writes nothing", async () => {
    const before = await userCount();
    const cases: [Record<string, string>, Record<string, string | RegExp>][] = [
      [{ displayName: "", username: "ab", password: "short" }, {
        displayName: "Tell us your name.",
        username: "Use at least 3 characters for your username.",
        password: "Use at least 10 characters for your password.",
      }],
      [{ displayName: "Jo", username: "2fast", password: STRONG }, { username: "Start your username with a letter." }],
      [{ displayName: "Jo", username: "jo smith!", password: STRONG }, { username: "Use only letters, digits, dots and underscores in your username." }],
      [{ displayName: "Jo\u0007", username: "jo_smith", password: STRONG }, { displayName: "Your name can't contain control characters." }],
      [{ displayName: "Jo", username: "jo_smith", password: "x".repeat(129) }, { password: "Use at most 128 characters for your password." }],
      [{ displayName: "Jo", username: "jo_smith", password: "my jo_smith account" }, { password: "Don't put your username in your password." }],
      [{ displayName: "Jo", username: "jo_smith", password: "password1234" }, { password: /^This password is too easy to guess\. .+/ }],
      [{ displayName: "Jo", username: "jo_smith", password: "qwertyuiop" }, { password: /^This password is too easy to guess\. .+/ }],
    ];
    for (const [form, errors] of cases) {
      const result = await signUp(store.db, form);
      expect(result.ok, JSON.stringify(form)).toBe(false);
      const got = (result as { errors: Record<string, string> }).errors;
      expect(Object.keys(got).sort()).toEqual(Object.keys(errors).sort());
      for (const [name, message] of Object.entries(errors)) expect(got[name]).toMatch(message);
    }
    expect(await userCount()).toBe(before);
  });
});

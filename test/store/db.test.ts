import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createDatabase } from "@/server/store/db";
import { hashPassword, verifyPassword } from "@/server/store/passwords";
import { newId } from "@/server/store/ids";

describe("createDatabase", () => {
  it("opens SQLite from a file: URL, creating the folder, with WAL and synchronous=NORMAL", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rm-db-"));
    const store = createDatabase(`file:${path.join(dir, "nested", "x.db")}`);
    try {
      expect(store.dialect).toBe("sqlite");
      const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(store.db)).rows[0] as object)[0];
      expect(await pragma("journal_mode")).toBe("wal");
      expect(await pragma("synchronous")).toBe(1); // NORMAL: see the README on what a crash or power loss keeps
      expect(await pragma("foreign_keys")).toBe(1);
      expect(await pragma("busy_timeout")).toBeGreaterThan(0);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects unknown URL schemes", () => {
    expect(() => createDatabase("mysql://localhost/x")).toThrow(/DATABASE_URL/);
  });
});

describe("passwords and ids", () => {
  it("hashes with a salt and verifies", async () => {
    const a = await hashPassword("secret");
    expect(a).not.toBe(await hashPassword("secret"));
    expect(await verifyPassword("secret", a)).toBe(true);
    expect(await verifyPassword("Secret", a)).toBe(false);
    expect(await verifyPassword("secret", "garbage")).toBe(false);
    expect(await verifyPassword("secret", "scrypt$3$8$1$AAAA$" + "A".repeat(43))).toBe(false);
  });

  it("makes prefixed ids that sort by creation time", async () => {
    const first = newId("msg");
    await new Promise((r) => setTimeout(r, 2));
    const second = newId("msg");
    expect(first).toMatch(/^msg_[0-9a-z]{9}[0-9a-f]{16}$/);
    expect(first < second).toBe(true);
  });
});

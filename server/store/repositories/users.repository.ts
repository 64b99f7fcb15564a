import { sql, type Kysely } from "kysely";
import type { Database } from "../database";
import { compiledOnce, type Placeholders } from "../compiled-query";
import { newId } from "../ids";
import { hashPassword, verifyPassword } from "../passwords";
import type { User, UserRole } from "../tables/users.table";

/** A user without the password hash: safe to send to clients. */
export type PublicUser = Omit<User, "password_hash">;

export function toPublicUser({ password_hash: _hash, ...user }: User): PublicUser {
  return user;
}

export interface CreateUserInput {
  id?: string;
  username: string;
  displayName: string;
  password: string;
  role?: UserRole;
  phone?: string | null;
}

export async function createUser(db: Kysely<Database>, input: CreateUserInput): Promise<User> {
  const user: User = {
    id: input.id ?? newId("usr"),
    username: input.username,
    display_name: input.displayName,
    password_hash: await hashPassword(input.password),
    role: input.role ?? "shopper",
    phone: input.phone ?? null,
    created_at: new Date().toISOString(),
    disabled_at: null,
  };
  await db.insertInto("users").values(user).execute();
  return user;
}

// Every join and most events read the user: compiled once.
const selectUser = compiledOnce((db, p: Placeholders<{ id: string }>) => db.selectFrom("users").selectAll().where("id", "=", p.value("id")));

export async function findUserById(db: Kysely<Database>, id: string): Promise<User | null> {
  return (await selectUser(db, { id }))[0] ?? null;
}

/** Usernames ignore case ("Maya" is "maya"), as the unique index on lower(username) does. */
export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<User | null> {
  return (await db.selectFrom("users").selectAll().where(sql`lower(username)`, "=", username.toLowerCase()).executeTakeFirst()) ?? null;
}

/** A user who may still use the app: exists and is not disabled. */
export async function findActiveUser(db: Kysely<Database>, id: string): Promise<User | null> {
  const user = await findUserById(db, id);
  return user && !user.disabled_at ? user : null;
}

/** Hashed once per process: what an unknown username is checked against. */
let unknownUserHash: Promise<string> | null = null;

/**
 * Returns the user when the password matches and the user is not disabled, otherwise null. An
 * unknown username costs the same scrypt as a wrong password, so timing does not tell which.
 */
export async function authenticateUser(db: Kysely<Database>, username: string, password: string): Promise<User | null> {
  const user = await findUserByUsername(db, username);
  const hash = user?.password_hash ?? (await (unknownUserHash ??= hashPassword(newId("unknown"))));
  const matches = await verifyPassword(password, hash);
  return user && matches && !user.disabled_at ? user : null;
}

/** Which of these users are disabled: one query however many sockets ask. */
export async function listDisabledUsers(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom("users").select("id").where("id", "in", ids).where("disabled_at", "is not", null).execute();
  return new Set(rows.map((r) => r.id));
}

/** `npm run admin -- set-role`; returns whether a user row was updated. */
export async function setUserRole(db: Kysely<Database>, id: string, role: UserRole): Promise<boolean> {
  const result = await db.updateTable("users").set({ role }).where("id", "=", id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Disabling signs the user out of everything (docs/security.md); returns whether a row changed. */
export async function setUserDisabled(db: Kysely<Database>, id: string, disabled: boolean): Promise<boolean> {
  const result = await db.updateTable("users").set({ disabled_at: disabled ? new Date().toISOString() : null }).where("id", "=", id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Returns whether a user row was updated. */

/** Users of one role, by display name (e.g. the couriers a shop owner can assign). */
export async function listUsersByRole(db: Kysely<Database>, role: UserRole): Promise<User[]> {
  return db.selectFrom("users").selectAll().where("role", "=", role).orderBy("display_name").orderBy("id").execute();
}

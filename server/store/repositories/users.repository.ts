import type { Kysely } from "kysely";
import type { Database } from "../database";
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

export async function findUserById(db: Kysely<Database>, id: string): Promise<User | null> {
  return (await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst()) ?? null;
}

export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<User | null> {
  return (await db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst()) ?? null;
}

/** Returns the user when the password matches, otherwise null. */
export async function authenticateUser(db: Kysely<Database>, username: string, password: string): Promise<User | null> {
  const user = await findUserByUsername(db, username);
  return user && (await verifyPassword(password, user.password_hash)) ? user : null;
}

/** Returns whether a user row was updated. */
export async function setUserRole(db: Kysely<Database>, id: string, role: UserRole): Promise<boolean> {
  const result = await db.updateTable("users").set({ role }).where("id", "=", id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Users of one role, by display name (e.g. the couriers a shop owner can assign). */
export async function listUsersByRole(db: Kysely<Database>, role: UserRole): Promise<User[]> {
  return db.selectFrom("users").selectAll().where("role", "=", role).orderBy("display_name").orderBy("id").execute();
}

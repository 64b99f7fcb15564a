import type { Insertable, Selectable, Updateable } from "kysely";

export type UserRole = "shopper" | "owner" | "courier" | "admin";

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: UserRole;
  phone: string | null;
  created_at: string;
}

export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;

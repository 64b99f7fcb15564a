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
  /** Set by `npm run admin -- disable`: the user can no longer sign in, connect or join. */
  disabled_at: string | null;
}

export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;

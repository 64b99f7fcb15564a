import type { Selectable } from "kysely";

export type FollowTargetType = "shop" | "user";

export interface FollowTable {
  follower_id: string;
  target_type: FollowTargetType;
  target_id: string;
  created_at: string;
}

export type Follow = Selectable<FollowTable>;

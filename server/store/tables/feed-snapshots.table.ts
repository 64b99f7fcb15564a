export interface FeedSnapshotTable {
  user_id: string;
  /** JSON array of product ids, best first. */
  product_ids: string;
  created_at: string;
}

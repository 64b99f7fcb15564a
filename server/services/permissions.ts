// Who may join which channel and send which event: the one permission table. Channels compute the
// caller's relations to what the topic names and ask `authorize`; test/channels/permissions.test.ts
// walks every cell of this table over a real server, both ways. docs/security.md explains it.
import { MOVING_STATUSES } from "@/lib/delivery-rules";
import type { DeliveryStatus } from "@/lib/events/delivery";
import { REASON } from "@/lib/protocol";

/**
 * How a caller relates to what a topic names. A caller may hold several (an admin who is also the
 * customer); one with none of a subject's named relations is `signed_in` ("anyone else") or `anonymous`.
 */
export type Relation =
  | "anonymous"
  | "signed_in"
  /** Listed member of a chat room. */
  | "member"
  /** The user the topic is about (their notifications, their feed). */
  | "self"
  | "customer"
  /** The delivery's assigned courier, read fresh: a replaced courier loses it at once. */
  | "courier"
  /** Owner of the shop (of a delivery, of the shop's notifications). */
  | "owner"
  | "admin"
  /** Whoever holds a tracking link, signed in or not: the link is the credential. */
  | "link_holder";

/** What a topic names, as far as permission goes. */
export type Subject =
  | "chat_private"
  | "chat_open"
  | "delivery"
  | "tracking"
  | "notifications_user"
  | "notifications_shop"
  | "feed";

interface Cell {
  who: readonly Relation[];
  /** The delivery statuses the action is allowed in; any status when absent. */
  when?: readonly DeliveryStatus[];
}

interface SubjectRules {
  /** Every relation a caller can have to this subject: the rows the test walks. */
  relations: readonly Relation[];
  /** The reason every refused caller gets; defaults to unauthorized (anonymous) / forbidden. */
  refusal?: string;
  /** `join` and every client event of the channel. */
  actions: Record<string, Cell>;
}

const PARTICIPANTS = ["customer", "courier", "owner", "admin"] as const;
const CHAT_ACTIONS = ["join", "message", "typing", "mark_read"] as const;
const FEED_ACTIONS = ["join", "load_more", "view_item", "like_item", "unlike_item", "save_item", "unsave_item", "share_item", "report_item"] as const;
const NOTIFICATION_ACTIONS = ["join", "mark_read", "mark_all_read"] as const;

const everyAction = (actions: readonly string[], cell: Cell): Record<string, Cell> =>
  Object.fromEntries(actions.map((action) => [action, cell]));

export const PERMISSIONS: Record<Subject, SubjectRules> = {
  // Private rooms (shop conversations, assistant rooms, rooms made for named members) and reserved
  // ids: a refusal says unauthorized to everyone, so it does not tell whether the room exists.
  chat_private: {
    relations: ["member", "signed_in", "anonymous"],
    refusal: REASON.unauthorized,
    actions: everyAction(CHAT_ACTIONS, { who: ["member"] }),
  },
  // Open rooms (and ids not taken yet): anyone signed in joins and becomes a member.
  chat_open: {
    relations: ["member", "signed_in", "anonymous"],
    actions: everyAction(CHAT_ACTIONS, { who: ["member", "signed_in"] }),
  },
  delivery: {
    relations: [...PARTICIPANTS, "signed_in", "anonymous"],
    actions: {
      join: { who: PARTICIPANTS },
      get_eta: { who: PARTICIPANTS },
      // Only the courier reports positions, and only while on the road.
      location_update: { who: ["courier"], when: MOVING_STATUSES },
      // Participants may ask; which move each may make is lib/delivery-rules' table of moves.
      update_status: { who: PARTICIPANTS },
    },
  },
  // The public tracking link: read-only.
  tracking: {
    relations: ["link_holder"],
    actions: {
      join: { who: ["link_holder"] },
      get_eta: { who: ["link_holder"] },
      location_update: { who: [] },
      update_status: { who: [] },
    },
  },
  notifications_user: {
    relations: ["self", "admin", "signed_in", "anonymous"],
    actions: everyAction(NOTIFICATION_ACTIONS, { who: ["self"] }),
  },
  notifications_shop: {
    relations: ["owner", "admin", "signed_in", "anonymous"],
    actions: everyAction(NOTIFICATION_ACTIONS, { who: ["owner"] }),
  },
  feed: {
    relations: ["self", "signed_in", "anonymous"],
    actions: everyAction(FEED_ACTIONS, { who: ["self"] }),
  },
};

export type Decision = { ok: true } | { ok: false; reason: string };

/** A join's standing, kept for its events: what the topic is and how the caller relates to it. */
export interface Access {
  subject: Subject;
  relations: ReadonlySet<Relation>;
}

/** The caller's relations, or `signed_in` / `anonymous` when it has none of the named ones. */
export function relationsOf(userId: string | null, named: Iterable<Relation>): ReadonlySet<Relation> {
  const relations = new Set(named);
  if (relations.size === 0) relations.add(userId ? "signed_in" : "anonymous");
  return relations;
}

/**
 * Whether a caller with `relations` may do `action` on `subject` (in delivery `status`, where the
 * cell names statuses). A relation that may act, but not in this status, gets invalid_transition.
 */
export function authorize(subject: Subject, action: string, relations: ReadonlySet<Relation>, status?: DeliveryStatus): Decision {
  const rules = PERMISSIONS[subject];
  const cell = Object.hasOwn(rules.actions, action) ? rules.actions[action] : undefined;
  if (cell?.who.some((relation) => relations.has(relation))) {
    if (cell.when && status !== undefined && !cell.when.includes(status)) return { ok: false, reason: REASON.invalidTransition };
    return { ok: true };
  }
  if (rules.refusal) return { ok: false, reason: rules.refusal };
  return { ok: false, reason: relations.has("anonymous") ? REASON.unauthorized : REASON.forbidden };
}

import { topicKind } from "@/lib/topics";
import { redactTopic } from "./redact";
import type { Endpoint } from "../socket/endpoint";

const TOPICS_SHOWN = 10;

/**
 * The report's channel counts: how many topics of each kind have subscribers (the protocol
 * document's `chat_channels` is `length(chat_topics)`, topics listed once however many joined them).
 */
export const TOPIC_COUNTS = {
  chat: "chat_channels",
  delivery: "delivery_channels",
  feed: "feed_channels",
  notifications: "notification_channels",
} as const;
export type CountedKind = keyof typeof TOPIC_COUNTS;
export const COUNTED_KINDS = Object.keys(TOPIC_COUNTS) as CountedKind[];
/** Distinct topics of each counted kind over the whole cluster. */
export type TopicCounts = Record<CountedKind, number>;

/**
 * The protocol document's custom monitoring endpoint (`active_connections`, `chat_channels`,
 * `delivery_channels`, `chat_topics`, `delivery_topics`), plus feed and notification counts,
 * message rates, memory and the busiest topics.
 */
export function connectionsReport(endpoint: Endpoint) {
  const topicsByKind = new Map<string, string[]>();
  const busiest: { topic: string; subscribers: number }[] = [];
  // Topic names as shown: a tracking topic's name is its link's secret.
  for (const name of endpoint.pubsub.topicNames()) {
    const topic = redactTopic(name);
    const kind = topicKind(topic);
    const list = topicsByKind.get(kind) ?? [];
    list.push(topic);
    topicsByKind.set(kind, list);
    busiest.push({ topic, subscribers: endpoint.pubsub.subscriberCount(name) });
  }
  busiest.sort((a, b) => b.subscribers - a.subscribers);
  const channels = endpoint.channelCounts();
  const topics = (kind: string) => (topicsByKind.get(kind) ?? []).slice(0, TOPICS_SHOWN);
  let websocket = 0;
  for (const connection of endpoint.connections) if (connection.transport.kind === "websocket") websocket++;
  const memory = process.memoryUsage();
  const count = (kind: CountedKind) => topicsByKind.get(kind)?.length ?? 0;
  return {
    active_connections: endpoint.connections.size,
    chat_channels: count("chat"),
    delivery_channels: count("delivery"),
    feed_channels: count("feed"),
    notification_channels: count("notifications"),
    chat_topics: topics("chat"),
    delivery_topics: topics("delivery"),
    joined_channels: channels,
    transports: { websocket, longpoll: endpoint.connections.size - websocket },
    messages_in_per_second: endpoint.rates.inPerSecond,
    messages_out_per_second: endpoint.rates.outPerSecond,
    busiest_topics: busiest.slice(0, TOPICS_SHOWN),
    memory: { rss: memory.rss, heap_used: memory.heapUsed },
    uptime_seconds: Math.round(process.uptime()),
  };
}

type NodeReport = ReturnType<typeof connectionsReport> & { node: string };

/**
 * The cluster's view, answered by any node: the document's top-level fields (and the other counts)
 * as totals over every node, topic lists merged, memory and uptime of the answering node (the
 * first), and every node's own figures under `nodes`. Connections and joins add up; a topic joined
 * on several nodes is one channel: those counts are `distinct` (the node directory's count of the
 * union), kept between the largest node's count and the sum so that an estimate never contradicts
 * the nodes' own figures.
 */
export function clusterReport(nodes: readonly [NodeReport, ...NodeReport[]], distinct: TopicCounts) {
  const sum = (pick: (n: NodeReport) => number) => nodes.reduce((total, n) => total + pick(n), 0);
  const topics = (kind: CountedKind) => {
    const field = TOPIC_COUNTS[kind];
    return Math.min(sum((n) => n[field]), Math.max(distinct[kind], ...nodes.map((n) => n[field])));
  };
  const merged = (pick: (n: NodeReport) => string[]) => [...new Set(nodes.flatMap(pick))].slice(0, TOPICS_SHOWN);
  const joined: Record<string, number> = {};
  for (const n of nodes) for (const [kind, count] of Object.entries(n.joined_channels)) joined[kind] = (joined[kind] ?? 0) + count;
  const { node: _answering, ...own } = nodes[0];
  return {
    ...own,
    active_connections: sum((n) => n.active_connections),
    chat_channels: topics("chat"),
    delivery_channels: topics("delivery"),
    feed_channels: topics("feed"),
    notification_channels: topics("notifications"),
    chat_topics: merged((n) => n.chat_topics),
    delivery_topics: merged((n) => n.delivery_topics),
    joined_channels: joined,
    transports: { websocket: sum((n) => n.transports.websocket), longpoll: sum((n) => n.transports.longpoll) },
    messages_in_per_second: sum((n) => n.messages_in_per_second),
    messages_out_per_second: sum((n) => n.messages_out_per_second),
    busiest_topics: busiestOf(nodes),
    nodes,
  };
}

/** A topic's subscribers on every node, added up. */
function busiestOf(nodes: readonly NodeReport[]): { topic: string; subscribers: number }[] {
  const totals = new Map<string, number>();
  for (const n of nodes) for (const { topic, subscribers } of n.busiest_topics) totals.set(topic, (totals.get(topic) ?? 0) + subscribers);
  return [...totals].map(([topic, subscribers]) => ({ topic, subscribers })).sort((a, b) => b.subscribers - a.subscribers).slice(0, TOPICS_SHOWN);
}

import { topicKind } from "@/lib/topics";
import { redactTopic } from "./redact";
import type { Endpoint } from "../socket/endpoint";

const TOPICS_SHOWN = 10;

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
  return {
    active_connections: endpoint.connections.size,
    chat_channels: topicsByKind.get("chat")?.length ?? 0,
    delivery_channels: topicsByKind.get("delivery")?.length ?? 0,
    feed_channels: topicsByKind.get("feed")?.length ?? 0,
    notification_channels: topicsByKind.get("notifications")?.length ?? 0,
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

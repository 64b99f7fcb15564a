// The protocol document's "Complete WebSocket Demo" class, transcribed method by method into
// TypeScript. Only the socket URL (the test server's port) and the Node WebSocket differ.
import { Socket, type Channel } from "phoenix";
import WebSocket from "ws";

type Callback = (payload: any) => void;

export class RealtimeMarketClient {
  socket: Socket | null = null;
  channels: Record<string, Channel> = {};

  constructor(
    readonly token: string,
    private readonly url: string,
  ) {}

  connect() {
    this.socket = new Socket(this.url, {
      params: { token: this.token },
      transport: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    this.socket.connect();
  }

  joinChat(roomId: string, onMessage: Callback, onJoin?: Callback, onLeave?: Callback) {
    const channel = this.socket!.channel(`chat:room_${roomId}`, {});
    channel.join().receive("ok", (resp) => onJoin?.(resp));
    channel.on("new_message", onMessage);
    if (onJoin) channel.on("user_joined", onJoin);
    if (onLeave) channel.on("user_left", onLeave);
    this.channels[`chat_${roomId}`] = channel;
    return channel;
  }

  sendMessage(roomId: string, content: string) {
    const channel = this.channels[`chat_${roomId}`];
    if (channel) channel.push("message", { content });
  }

  joinFeed(onNewItem: Callback, onLikeUpdate: Callback) {
    const userId = this.getUserIdFromToken();
    const channel = this.socket!.channel(`feed:user_${userId}`, {});
    channel.join();
    channel.on("new_item", onNewItem);
    channel.on("like_update", onLikeUpdate);
    this.channels.feed = channel;
    return channel;
  }

  likeProduct(productId: string) {
    if (this.channels.feed) this.channels.feed.push("like_item", { product_id: productId });
  }

  trackDelivery(deliveryId: string, onLocationUpdate: Callback, onStatusChange: Callback) {
    const channel = this.socket!.channel(`delivery:delivery_${deliveryId}`, { token: this.token });
    channel.join();
    channel.on("location_updated", onLocationUpdate);
    channel.on("status_changed", onStatusChange);
    this.channels[`delivery_${deliveryId}`] = channel;
    return channel;
  }

  updateDeliveryLocation(deliveryId: string, latitude: number, longitude: number) {
    const channel = this.channels[`delivery_${deliveryId}`];
    if (channel) channel.push("location_update", { latitude, longitude });
  }

  getUserIdFromToken(): string {
    const payload = this.token.split(".")[1];
    return JSON.parse(atob(payload)).user_id;
  }

  disconnect() {
    Object.values(this.channels).forEach((channel) => channel.leave());
    this.socket?.disconnect();
  }
}

import type { ChannelModule } from "../channel/channel";
import type { AppContext } from "../services/context";
import { createChatChannel } from "./chat/chat-channel";
import { createDeliveryChannel } from "./delivery-channel";
import { createFeedChannel } from "./feed-channel";
import { createNotificationsChannel } from "./notifications-channel";

/** Every marketplace channel, each in its own module. */
export function createChannels(ctx: AppContext): ChannelModule<any, any>[] {
  return [createChatChannel(ctx), createNotificationsChannel(ctx), createFeedChannel(ctx), createDeliveryChannel(ctx)];
}

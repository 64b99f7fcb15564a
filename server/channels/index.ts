import type { ChannelModule } from "../channel/channel";
import type { AppContext } from "../services/context";
import { createDeliveryChannel } from "./delivery-channel";
import { createFeedChannel } from "./feed-channel";

/** Every marketplace channel, each in its own module. */
export function createChannels(ctx: AppContext): ChannelModule<any, any>[] {
  return [createFeedChannel(ctx), createDeliveryChannel(ctx)];
}

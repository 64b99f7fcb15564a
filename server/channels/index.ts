import type { ChannelModule } from "../channel/channel";
import type { AppContext } from "../services/context";

/** Every marketplace channel, each in its own module. */
export function createChannels(_ctx: AppContext): ChannelModule<any, any>[] {
  return [];
}

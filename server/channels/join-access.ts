import { refusalOf, type ChannelContext, type Reply } from "../channel/channel";
import { authorize, type Access } from "../services/permissions";

/** `authorizeIn` for channels whose join decides: each event is checked against the access the join found. */
export function authorizeByJoinAccess(ctx: ChannelContext<{ access: Access }>, event: string): Reply | null {
  return refusalOf(authorize(ctx.state.access.subject, event, ctx.state.access.relations));
}

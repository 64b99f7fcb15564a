"use client";

import { topics } from "@/lib/topics";
import { useMe } from "@/lib/client/queries";
import { useMyDeliveries } from "@/lib/client/delivery-queries";
import { isMoving } from "@/lib/delivery-rules";
import { nextStatuses, rolesFor } from "@/lib/client/delivery";
import { DeliveryLivePanel } from "./delivery-live-panel";
import { LocationSharing } from "./location-sharing";
import { StatusActions } from "./status-actions";
import { useDeliveryLive } from "./use-delivery-live";

/** A delivery for its courier, shop owner or customer: the live panel plus what each role may do. */
export function DeliveryView({ deliveryId }: { deliveryId: string }) {
  const { live, channel, state, error, rejoining } = useDeliveryLive(topics.delivery(deliveryId));
  const { data: me } = useMe();
  const { data: records } = useMyDeliveries();
  const record = records?.find((r) => r.id === deliveryId);
  const roles = rolesFor(record, me);
  const status = live?.delivery.status;

  return (
    <DeliveryLivePanel live={live} state={state} error={error} rejoining={rejoining}>
      {status ? (
        <>
          {live.delivery.customer_address ? (
            <p className="text-sm text-zinc-300">
              To: <span className="text-zinc-50">{live.delivery.customer_address}</span>
            </p>
          ) : null}
          <StatusActions channel={channel} next={nextStatuses(live.delivery, roles)} />
          {roles.has("courier") ? <LocationSharing channel={channel} canSend={isMoving(status)} /> : null}
          {record && !roles.has("courier") ? (
            <p className="text-sm text-zinc-400">
              Public tracking link:{" "}
              <a href={`/track/${record.tracking_token}`} className="break-all text-fuchsia-300 underline focus-ring">
                /track/{record.tracking_token}
              </a>
            </p>
          ) : null}
        </>
      ) : null}
    </DeliveryLivePanel>
  );
}

import { useQuery } from "@tanstack/react-query";
import { deliveryListResponseSchema } from "@/lib/api/deliveries";
import { api } from "./api";
import { useSessionStore } from "./session-store";

export const deliveryKeys = { mine: ["deliveries"] as const };

/** The signed-in user's deliveries (as customer, courier or shop owner), with ids and tracking links. */
export function useMyDeliveries() {
  const authed = useSessionStore((s) => s.token !== null);
  return useQuery({
    queryKey: deliveryKeys.mine,
    queryFn: async () => (await api("/deliveries", deliveryListResponseSchema)).deliveries,
    enabled: authed,
  });
}

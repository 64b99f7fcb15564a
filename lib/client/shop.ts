import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { courierListResponseSchema, deliveryListResponseSchema, deliveryResponseSchema, type CreateDelivery } from "@/lib/api/deliveries";
import { shopConversationSchema } from "@/lib/api/conversations";
import { followStateSchema, shopDetailsSchema, type ShopDetails } from "@/lib/api/follows";
import { orderResponseSchema, ordersListSchema, payOrderResponseSchema } from "@/lib/api/orders";
import { shopStatsSchema } from "@/lib/api/shop-stats";
import { productListResponseSchema, productResponseSchema, type UpdateProduct } from "@/lib/api/products";
import { api } from "./api";
import { queryKeys, roomsSchema } from "./queries";
import { useAuthed } from "./session-store";

// The shop owner's reads and writes of /api/v1; every response is parsed with the API's own schemas.

export const shopKeys = {
  details: (shopId: string) => ["shop", shopId] as const,
  products: (shopId: string) => ["shop", shopId, "products"] as const,
  orders: (shopId: string) => ["shop", shopId, "orders"] as const,
  deliveries: (shopId: string) => ["shop", shopId, "deliveries"] as const,
  couriers: ["couriers"] as const,
  inbox: (shopId: string) => ["shop", shopId, "inbox"] as const,
  stats: (shopId: string) => ["shop", shopId, "stats"] as const,
};

export function useShopDetails(shopId: string) {
  return useQuery({
    queryKey: shopKeys.details(shopId),
    queryFn: async () => api(`/shops/${shopId}`, shopDetailsSchema),
    enabled: useAuthed(),
    refetchInterval: 30_000,
  });
}

export function useShopProducts(shopId: string) {
  return useQuery({
    queryKey: shopKeys.products(shopId),
    queryFn: async () => (await api(`/shops/${shopId}/products`, productListResponseSchema)).products,
    enabled: useAuthed(),
  });
}

export function useShopOrders(shopId: string) {
  return useQuery({
    queryKey: shopKeys.orders(shopId),
    queryFn: async () => (await api(`/shops/${shopId}/orders`, ordersListSchema)).orders,
    enabled: useAuthed(),
  });
}

export function useShopDeliveries(shopId: string) {
  return useQuery({
    queryKey: shopKeys.deliveries(shopId),
    queryFn: async () => (await api(`/shops/${shopId}/deliveries`, deliveryListResponseSchema)).deliveries,
    enabled: useAuthed(),
  });
}

export function useCouriers() {
  return useQuery({
    queryKey: shopKeys.couriers,
    queryFn: async () => (await api("/couriers", courierListResponseSchema)).couriers,
    enabled: useAuthed(),
    staleTime: 5 * 60_000,
  });
}

/** A mutation that refreshes the given shop lists when it succeeds. */
function useShopMutation<V>(shopId: string, fn: (vars: V) => Promise<unknown>, lists: ("products" | "orders" | "deliveries")[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => Promise.all(lists.map((l) => client.invalidateQueries({ queryKey: shopKeys[l](shopId) }))),
  });
}

export function useCreateProduct(shopId: string) {
  return useShopMutation(
    shopId,
    async (form: FormData) => (await api(`/shops/${shopId}/products`, productResponseSchema, { method: "POST", body: form })).product,
    ["products"],
  );
}

export function useUpdateProduct(shopId: string) {
  return useShopMutation(
    shopId,
    async ({ id, patch }: { id: string; patch: UpdateProduct }) =>
      (await api(`/products/${id}`, productResponseSchema, { method: "PATCH", body: patch })).product,
    ["products"],
  );
}

export function usePublishProduct(shopId: string) {
  return useShopMutation(shopId, (id: string) => api(`/products/${id}/publish`, productResponseSchema, { method: "POST" }), ["products"]);
}

/** Confirm or mark paid: both notify the customer. */
export function useOrderAction(shopId: string) {
  return useShopMutation(
    shopId,
    ({ id, action }: { id: string; action: "confirm" | "pay" }) =>
      api(`/orders/${id}/${action}`, action === "pay" ? payOrderResponseSchema : orderResponseSchema, { method: "POST" }),
    ["orders"],
  );
}

export function useCreateDelivery(shopId: string) {
  return useShopMutation(
    shopId,
    async ({ orderId, body }: { orderId: string; body: CreateDelivery }) =>
      (await api(`/orders/${orderId}/delivery`, deliveryResponseSchema, { method: "POST", body })).delivery,
    ["orders", "deliveries"],
  );
}

export function useAssignCourier(shopId: string) {
  return useShopMutation(
    shopId,
    ({ deliveryId, courierId }: { deliveryId: string; courierId: string }) =>
      api(`/deliveries/${deliveryId}/assign`, deliveryResponseSchema, { method: "POST", body: { courier_id: courierId } }),
    ["deliveries", "orders"],
  );
}

/** Follow or unfollow a shop; the shop's details (and so every button for it) update at once. */
export function useFollowShop(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (follow: boolean) =>
      api("/follows", followStateSchema, { method: follow ? "POST" : "DELETE", body: { target_type: "shop", target_id: shopId } }),
    onSuccess: ({ following, followers }) =>
      client.setQueryData(shopKeys.details(shopId), (old: ShopDetails | undefined) =>
        old ? { ...old, following_by_me: following, followers } : old,
      ),
  });
}

/** Opens (or reuses) the signed-in shopper's private conversation with the shop; resolves to its room id. */
export function useMessageShop(shopId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => (await api(`/shops/${shopId}/conversation`, shopConversationSchema, { method: "POST" })).room_id,
    // The chat list (and the room's title) includes the conversation from now on.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.rooms }),
  });
}

/** The shop's conversations with its shoppers, as its owner sees them (the dashboard's inbox). */
export function useShopInbox(shopId: string) {
  return useQuery({
    queryKey: shopKeys.inbox(shopId),
    queryFn: async () => (await api(`/chat/rooms?shop=${encodeURIComponent(shopId)}`, roomsSchema)).rooms,
    enabled: useAuthed(),
    refetchInterval: 15_000,
  });
}

/** Orders, revenue and likes per day over the last 30 days. */
export function useShopDailyStats(shopId: string) {
  return useQuery({
    queryKey: shopKeys.stats(shopId),
    queryFn: () => api(`/shops/${shopId}/stats`, shopStatsSchema),
    enabled: useAuthed(),
    refetchInterval: 60_000,
  });
}

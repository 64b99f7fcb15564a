import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { shopSchema } from "@/lib/api/follows";
import { orderResponseSchema, ordersListSchema } from "@/lib/api/orders";
import { chatMessageSchema } from "@/lib/events";
import { api } from "./api";
import { useAuthed } from "./session-store";

const meSchema = z.object({
  user: z.object({ id: z.string(), username: z.string(), display_name: z.string(), role: z.string() }),
  shops: z.array(shopSchema),
});

const chatRoomSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  unread: z.number().int(),
  last_message: chatMessageSchema.nullable(),
});
export type ChatRoomSummary = z.infer<typeof chatRoomSummarySchema>;
export const roomsSchema = z.object({ rooms: z.array(chatRoomSummarySchema) });

export const queryKeys = {
  me: ["me"] as const,
  orders: ["orders"] as const,
  rooms: ["chat-rooms"] as const,
};

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: () => api("/me", meSchema), enabled: useAuthed() });
}

export function useOrders() {
  return useQuery({
    queryKey: queryKeys.orders,
    queryFn: async () => (await api("/orders", ordersListSchema)).orders,
    enabled: useAuthed(),
  });
}

/** The shopper cancels one of their orders; the list reloads with its new status. */
export function useCancelOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (orderId: string) => (await api(`/orders/${encodeURIComponent(orderId)}/cancel`, orderResponseSchema, { method: "POST" })).order,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.orders }),
  });
}

export function useChatRooms() {
  return useQuery({
    queryKey: queryKeys.rooms,
    queryFn: async () => (await api("/chat/rooms", roomsSchema)).rooms,
    enabled: useAuthed(),
  });
}

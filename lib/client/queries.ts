import { useQuery } from "@tanstack/react-query";
import { api } from "./api";
import { useSessionStore } from "./session-store";

// Response shapes of the JSON API (/api/v1), as far as the pages use them.

export interface Shop {
  id: string;
  name: string;
  owner_id: string;
}

export interface MeResponse {
  user: { id: string; username: string; display_name: string; role: string };
  shops: Shop[];
}

export interface OrderSummary {
  id: string;
  status: string;
  quantity: number;
  amount_cents: number;
  currency: string;
  created_at: string;
  product: { id: string; name: string; poster_url: string };
  shop: { id: string; name: string };
  delivery: { id: string; status: string; tracking_token: string } | null;
}

export interface ChatRoomSummary {
  id: string;
  name: string;
  unread: number;
  last_message: { content: string; username: string; created_at: string } | null;
}

/** HTTP reads wait for the socket JWT, which is also the API's bearer. */
function useAuthed() {
  return useSessionStore((s) => s.token !== null);
}

export const queryKeys = {
  me: ["me"] as const,
  orders: ["orders"] as const,
  rooms: ["chat-rooms"] as const,
};

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: () => api<MeResponse>("/me"), enabled: useAuthed() });
}

export function useOrders() {
  return useQuery({
    queryKey: queryKeys.orders,
    queryFn: async () => (await api<{ orders: OrderSummary[] }>("/orders")).orders,
    enabled: useAuthed(),
  });
}

export function useChatRooms() {
  return useQuery({
    queryKey: queryKeys.rooms,
    queryFn: async () => (await api<{ rooms: ChatRoomSummary[] }>("/chat/rooms")).rooms,
    enabled: useAuthed(),
  });
}

import { ChatRoom } from "@/components/chat/chat-room";

export default async function ChatRoomPage({ params }: { params: Promise<{ room: string }> }) {
  const { room } = await params;
  // Keyed by room: switching rooms starts a fresh channel and state.
  return <ChatRoom key={room} roomId={decodeURIComponent(room)} />;
}

"use client";

import { useSelectedLayoutSegment } from "next/navigation";
import { RoomList } from "./room-list";

/** Two panes on wide screens; on phones either the list or the open room. */
export function ChatLayout({ children }: { children: React.ReactNode }) {
  const roomOpen = useSelectedLayoutSegment() !== null;
  return (
    <div className="mx-auto grid h-[calc(100dvh-3.5rem)] max-w-6xl md:grid-cols-[20rem_1fr] md:border-x md:border-white/10">
      <aside className={`min-h-0 border-white/10 md:block md:border-r ${roomOpen ? "hidden" : "block"}`}>
        <RoomList />
      </aside>
      <main className={`min-h-0 ${roomOpen ? "block" : "hidden md:block"}`}>{children}</main>
    </div>
  );
}

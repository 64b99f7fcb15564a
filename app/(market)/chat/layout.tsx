import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { ChatLayout } from "@/components/chat/chat-layout";

export default async function Layout({ children }: { children: React.ReactNode }) {
  if (!(await auth())?.user) redirect("/login?callbackUrl=/chat");
  return <ChatLayout>{children}</ChatLayout>;
}

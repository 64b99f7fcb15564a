import Link from "next/link";
import { auth } from "@/auth";
import { ReelsFeed } from "@/components/feed/reels-feed";

export default async function FeedPage() {
  const session = await auth();
  if (session?.user) return <ReelsFeed />;
  return (
    <main className="relative grid min-h-[calc(100dvh-3.5rem)] place-items-center overflow-hidden px-6 text-center">
      <div aria-hidden className="absolute inset-0 -z-10 bg-[radial-gradient(ellipse_at_top,rgba(192,38,211,0.25),transparent_60%),radial-gradient(ellipse_at_bottom,rgba(249,115,22,0.18),transparent_60%)]" />
      <div className="max-w-md">
        <h1 className="text-4xl font-black tracking-tight sm:text-5xl">Shop what you see, live.</h1>
        <p className="mt-4 text-zinc-300">
          Scroll product reels from local shops, chat with the makers, and follow your delivery on the map in real time.
        </p>
        <div className="mt-8 flex flex-wrap justify-center gap-3">
          <Link href="/login" className="btn-primary px-8 py-3 text-base">
            Sign in to see your feed
          </Link>
          <Link href="/signup" className="btn-ghost px-6 py-3 text-base">
            Create an account
          </Link>
        </div>
      </div>
    </main>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { auth } from "@/auth";
import { MessageShopButton } from "@/components/chat/message-shop-button";
import { FollowButton } from "@/components/feed/follow-button";
import { formatPrice } from "@/lib/format-price";
import { processStore } from "@/server/store/process-store";
import { countFollowers } from "@/server/store/repositories/follows.repository";
import { listProductsByShop } from "@/server/store/repositories/products.repository";
import { findShopById } from "@/server/store/repositories/shops.repository";

type Params = { params: Promise<{ shop: string }> };

/** Posters in the first row of the grid on the widest layout. */
const FIRST_ROW = 4;

async function loadShop(shopId: string) {
  const { db } = processStore();
  const shop = await findShopById(db, shopId);
  if (!shop) return null;
  const [products, followers] = await Promise.all([listProductsByShop(db, shop.id), countFollowers(db, "shop", shop.id)]);
  return { shop, products, followers };
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const found = await loadShop((await params).shop);
  if (!found) return { title: "Shop not found · Realtime Market" };
  return { title: `${found.shop.name} · Realtime Market`, description: `${found.shop.category} in ${found.shop.location}` };
}

/** `/s/<shop>`: a shop's published products in a grid, each opening in the feed; follow and message it. */
export default async function ShopPage({ params }: Params) {
  const found = await loadShop((await params).shop);
  if (!found) notFound();
  const { shop, products, followers } = found;
  const signedIn = Boolean((await auth())?.user);
  return (
    <main className="mx-auto max-w-5xl space-y-6 p-4 sm:p-6">
      <header className="flex flex-wrap items-center gap-4">
        <span aria-hidden className="grid size-14 place-items-center rounded-full bg-gradient-to-br from-fuchsia-500 to-orange-400 text-2xl font-black">
          {shop.name[0]}
        </span>
        <div className="min-w-0 flex-1">
          <h1 className="text-2xl font-bold">{shop.name}</h1>
          <p className="text-sm text-zinc-400">
            {shop.category} · {shop.location} · <span data-testid="shop-followers">{followers}</span> {followers === 1 ? "follower" : "followers"}
          </p>
        </div>
        {signedIn ? (
          <div className="flex items-center gap-2">
            <FollowButton shopId={shop.id} shopName={shop.name} />
            <MessageShopButton shopId={shop.id} shopName={shop.name} />
          </div>
        ) : (
          <Link href={`/login?callbackUrl=${encodeURIComponent(`/s/${shop.id}`)}`} className="btn-primary text-sm">
            Sign in to follow or message
          </Link>
        )}
      </header>
      {products.length === 0 ? (
        <p className="text-zinc-400">No products yet.</p>
      ) : (
        <ul aria-label={`Products of ${shop.name}`} className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
          {products.map((product, index) => (
            <li key={product.id}>
              <Link
                href={signedIn ? `/?product=${encodeURIComponent(product.id)}` : `/p/${encodeURIComponent(product.id)}`}
                className="group block overflow-hidden rounded-2xl border border-white/10 bg-zinc-900/60 focus-ring"
              >
                <img
                  src={product.poster_url}
                  alt=""
                  width={360}
                  height={640}
                  // The first row is what a phone shows at once: it loads first, the rest as they scroll in.
                  loading={index < FIRST_ROW ? "eager" : "lazy"}
                  fetchPriority={index < 2 ? "high" : "auto"}
                  className="aspect-[9/16] w-full object-cover transition group-hover:opacity-90"
                />
                <span className="block p-2">
                  <span className="block truncate text-sm font-semibold">{product.name}</span>
                  <span className="block text-sm tabular-nums text-zinc-300">{formatPrice(product.price_cents / 100, product.currency)}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

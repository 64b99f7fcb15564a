import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatPrice } from "@/lib/format-price";
import { processStore } from "@/server/store/process-store";
import { findProductById } from "@/server/store/repositories/products.repository";
import { findShopById } from "@/server/store/repositories/shops.repository";

type Params = { params: Promise<{ id: string }> };

/** A published product and its shop; drafts are as unknown as missing products. */
async function loadProduct(id: string) {
  const { db } = processStore();
  const product = await findProductById(db, id);
  if (!product?.published_at) return null;
  const shop = await findShopById(db, product.shop_id);
  return { product, shopName: shop?.name ?? "" };
}

// The share link's preview in chat apps: name, shop and poster.
export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const found = await loadProduct((await params).id);
  if (!found) return { title: "Product not found · Realtime Market" };
  const { product, shopName } = found;
  const title = `${product.name} · ${shopName}`;
  return {
    title: `${title} · Realtime Market`,
    description: product.description,
    openGraph: { title, description: product.description, images: [product.poster_url], type: "website" },
  };
}

/** `/p/<id>`: where a shared product link lands, for anyone, with or without an account. */
export default async function ProductPage({ params }: Params) {
  const found = await loadProduct((await params).id);
  if (!found) notFound();
  const { product, shopName } = found;
  return (
    <main className="mx-auto grid max-w-4xl gap-6 p-4 sm:grid-cols-[minmax(0,20rem)_1fr] sm:p-8">
      <video
        className="aspect-[9/16] w-full rounded-2xl bg-zinc-900 object-cover"
        src={product.video_url}
        poster={product.poster_url}
        autoPlay
        muted
        loop
        playsInline
        aria-label={`Video of ${product.name}`}
      />
      <div className="space-y-4">
        <p className="text-sm font-medium text-fuchsia-300">{shopName}</p>
        <h1 className="text-2xl font-bold">{product.name}</h1>
        <p className="text-xl font-semibold tabular-nums">{formatPrice(product.price_cents / 100, product.currency)}</p>
        <p className="text-zinc-300">{product.description}</p>
        <Link href={`/?product=${encodeURIComponent(product.id)}`} className="btn-primary inline-flex">
          See it in the feed
        </Link>
      </div>
    </main>
  );
}

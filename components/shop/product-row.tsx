"use client";

import { useState } from "react";
import type { ProductDto } from "@/lib/api/products";
import { formatPrice } from "@/lib/format-price";
import { usePublishProduct, useUpdateProduct } from "@/lib/client/shop";

const input = "w-full rounded-lg border border-white/15 bg-zinc-950 px-2 py-1.5 text-sm focus-ring";

/** One product: poster, price, draft/published, inline edit, publish (followers then get new_item). */
export function ProductRow({ shopId, product }: { shopId: string; product: ProductDto }) {
  const [editing, setEditing] = useState(false);
  const update = useUpdateProduct(shopId);
  const publish = usePublishProduct(shopId);
  const problem = update.error ?? publish.error;

  const save = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    update.mutate(
      { id: product.id, patch: { name: String(f.get("name")), description: String(f.get("description")), price: Number(f.get("price")) } },
      { onSuccess: () => setEditing(false) },
    );
  };

  return (
    <li className="flex gap-3 border-t border-white/5 py-3" data-testid="product-row" data-product-id={product.id}>
      {/* eslint-disable-next-line @next/next/no-img-element -- uploaded posters are served as they are */}
      <img src={product.poster_url} alt="" width={48} height={64} loading="lazy" className="h-16 w-12 shrink-0 rounded-lg bg-zinc-800 object-cover" />
      {editing ? (
        <form onSubmit={save} aria-label={`Edit ${product.name}`} className="grid flex-1 gap-2 sm:grid-cols-[1fr_7rem]">
          <label className="text-xs">
            Name
            <input name="name" defaultValue={product.name} required maxLength={120} className={input} />
          </label>
          <label className="text-xs">
            Price
            <input name="price" type="number" step="0.01" min="0.01" defaultValue={product.price} required className={input} />
          </label>
          <label className="text-xs sm:col-span-2">
            Description
            <textarea name="description" defaultValue={product.description} rows={2} className={input} />
          </label>
          <div className="flex gap-2 sm:col-span-2">
            <button type="submit" disabled={update.isPending} className="btn-primary text-xs">
              Save
            </button>
            <button type="button" onClick={() => setEditing(false)} className="btn-ghost text-xs">
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="min-w-0 flex-1">
          <p className="truncate font-medium">{product.name}</p>
          <p className="text-sm text-zinc-300">{formatPrice(product.price, product.currency)}</p>
          <p className={`text-xs ${product.published_at ? "text-emerald-300" : "text-amber-300"}`}>{product.published_at ? "Published" : "Draft"}</p>
        </div>
      )}
      {editing ? null : (
        <div className="flex shrink-0 flex-col items-end gap-1.5">
          <button type="button" onClick={() => setEditing(true)} className="btn-ghost text-xs" aria-label={`Edit ${product.name}`}>
            Edit
          </button>
          {product.published_at ? null : (
            <button
              type="button"
              disabled={publish.isPending}
              onClick={() => publish.mutate(product.id)}
              className="btn-primary text-xs"
              aria-label={`Publish ${product.name}`}
            >
              Publish
            </button>
          )}
        </div>
      )}
      {problem ? (
        <p role="alert" className="text-xs text-red-300">
          {problem.message}
        </p>
      ) : null}
    </li>
  );
}

/** The public page of a product: what a share sends, viewable without an account. */
export function productShareUrl(productId: string): string {
  return `${window.location.origin}/p/${encodeURIComponent(productId)}`;
}

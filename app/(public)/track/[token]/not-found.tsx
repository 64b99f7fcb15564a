/** An unknown tracking token: HTTP 404, rendered on the server. */
export default function TrackingLinkNotFound() {
  return (
    <main className="mx-auto max-w-xl p-5">
      <div role="alert" className="rounded-2xl border border-red-400/30 bg-red-950/40 p-6 text-red-100">
        <h1 className="text-lg font-semibold">Unknown tracking link</h1>
        <p className="mt-1">This tracking link does not exist or has expired. Check the link in your order confirmation.</p>
      </div>
    </main>
  );
}

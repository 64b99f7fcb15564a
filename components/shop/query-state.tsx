/** Loading, error and empty states shared by the dashboard's lists. */
export function QueryState({ pending, error, empty = false, emptyText = "" }: { pending: boolean; error: Error | null; empty?: boolean; emptyText?: string }) {
  if (pending) return <div aria-busy className="h-24 animate-pulse rounded-xl bg-white/5" />;
  if (error) {
    return (
      <p role="alert" className="text-sm text-red-300">
        Could not load: {error.message}
      </p>
    );
  }
  if (empty) return <p className="text-sm text-zinc-400">{emptyText}</p>;
  return null;
}

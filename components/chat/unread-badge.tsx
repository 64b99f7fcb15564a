/** A room's count of messages not read yet; nothing at zero. */
export function UnreadBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span className="grid min-w-5 shrink-0 place-items-center rounded-full bg-fuchsia-500 px-1.5 text-[11px] font-bold leading-5" aria-label={`${count} unread`}>
      {count}
    </span>
  );
}

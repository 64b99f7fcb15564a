/** A titled card of the shop dashboard; the id makes it a target of the section links. */
export function Section({ id, title, action, children }: { id: string; title: string; action?: React.ReactNode; children: React.ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="min-w-0 scroll-mt-16 space-y-3 rounded-2xl border border-white/10 bg-zinc-900/60 p-4">
      <div className="flex items-center gap-3">
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </h2>
        <div className="ml-auto">{action}</div>
      </div>
      {children}
    </section>
  );
}

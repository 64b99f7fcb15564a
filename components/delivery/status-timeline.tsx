import type { Delivery } from "@/lib/events/delivery";
import { timeline } from "@/lib/client/delivery";
import { formatTime } from "@/lib/client/format";

const DOT = {
  done: "bg-emerald-400 border-emerald-400",
  current: "bg-fuchsia-500 border-fuchsia-300 ring-4 ring-fuchsia-500/30",
  upcoming: "bg-transparent border-zinc-600",
} as const;

/** The delivery's stages with their times; the current one is marked for screen readers too. */
export function StatusTimeline({ delivery }: { delivery: Delivery }) {
  return (
    <ol aria-label="Delivery progress" data-testid="status-timeline" className="space-y-3">
      {timeline(delivery).map((step) => (
        <li
          key={step.status}
          aria-current={step.state === "current" ? "step" : undefined}
          data-state={step.state}
          className="flex items-center gap-3"
        >
          <span aria-hidden className={`size-3 shrink-0 rounded-full border-2 ${DOT[step.state]}`} />
          <span className={step.state === "upcoming" ? "text-zinc-400" : "font-medium text-zinc-50"}>{step.label}</span>
          <span className="ml-auto text-sm tabular-nums text-zinc-400">
            {/* Server and browser may sit in different time zones: the browser's reading wins. */}
            {step.at ? (
              <time dateTime={step.at} suppressHydrationWarning>
                {formatTime(step.at)}
              </time>
            ) : null}
          </span>
        </li>
      ))}
    </ol>
  );
}

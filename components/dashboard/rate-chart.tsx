import type { RateSample } from "@/lib/client/dashboard";

const W = 600;
const H = 160;
const PAD = 4;

function path(samples: RateSample[], pick: (s: RateSample) => number, max: number, span: number, t0: number): string {
  return samples
    .map((s, i) => {
      const x = PAD + ((s.at - t0) / span) * (W - 2 * PAD);
      const y = H - PAD - (pick(s) / max) * (H - 2 * PAD);
      return `${i === 0 ? "M" : "L"}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
}

/** Messages in/out per second over the polled window: two SVG lines on a shared scale. */
export function RateChart({ samples }: { samples: RateSample[] }) {
  const last = samples.at(-1);
  const max = Math.max(1, ...samples.flatMap((s) => [s.in, s.out])) * 1.15;
  const t0 = samples[0]?.at ?? 0;
  const span = Math.max(1, (last?.at ?? 1) - t0);
  return (
    <figure className="space-y-2">
      <figcaption className="flex flex-wrap items-center gap-4 text-sm">
        <span className="font-semibold">Messages per second</span>
        <span className="flex items-center gap-1.5 text-sky-300">
          <span aria-hidden className="h-0.5 w-4 bg-sky-400" /> in {last ? last.in.toFixed(1) : "–"}
        </span>
        <span className="flex items-center gap-1.5 text-orange-300">
          <span aria-hidden className="h-0.5 w-4 bg-orange-400" /> out {last ? last.out.toFixed(1) : "–"}
        </span>
        <span className="ml-auto text-xs text-zinc-400">scale 0–{max.toFixed(0)}/s</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        className="h-40 w-full rounded-xl bg-zinc-900"
        role="img"
        aria-label={last ? `Latest: ${last.in.toFixed(1)} in and ${last.out.toFixed(1)} out per second` : "Waiting for data"}
      >
        {[0.25, 0.5, 0.75].map((f) => (
          <line key={f} x1={0} x2={W} y1={H * f} y2={H * f} stroke="rgb(255 255 255 / 0.06)" />
        ))}
        {samples.length > 1 ? (
          <>
            <path d={path(samples, (s) => s.in, max, span, t0)} fill="none" stroke="#38bdf8" strokeWidth={2} vectorEffect="non-scaling-stroke" />
            <path d={path(samples, (s) => s.out, max, span, t0)} fill="none" stroke="#fb923c" strokeWidth={2} vectorEffect="non-scaling-stroke" />
          </>
        ) : null}
      </svg>
    </figure>
  );
}

"use client";

import Link from "next/link";
import { memo, useEffect, useRef, useState } from "react";
import type { FeedItem } from "@/lib/events";
import { formatPrice } from "@/lib/format-price";
import { formatCount } from "@/lib/client/format";
import { useFeedStore } from "@/lib/client/feed-store";
import { Icon } from "@/components/layout/icon";
import type { FeedActions } from "./use-feed-actions";
import { FollowButton } from "./follow-button";
import { MessageShopButton } from "@/components/chat/message-shop-button";

const DOUBLE_TAP_MS = 280;

export interface ReelProps {
  item: FeedItem;
  index: number;
  active: boolean;
  /** Within a couple of reels of the active one: worth a video source. */
  near: boolean;
  /** The reel after the active one: buffered ahead so the swipe starts instantly. */
  next: boolean;
  actions: FeedActions;
  onShare: (item: FeedItem) => void;
  onReport: (item: FeedItem) => void;
  onBuy: (item: FeedItem) => void;
}

/** One full-height reel: the looping muted video, its product card and the action rail. */
export const Reel = memo(function Reel({ item, index, active, near, next, actions, onShare, onReport, onBuy }: ReelProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const muted = useFeedStore((s) => s.muted);
  const paused = useFeedStore((s) => active && s.paused);
  const [burst, setBurst] = useState(0);
  const lastTap = useRef(0);
  const singleTap = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    // The property, not the attribute, is what lets autoplay policies allow play().
    video.muted = muted;
    if (active && !paused) {
      video.play().catch(() => {
        // Autoplay refused (e.g. not muted and no gesture yet): stay paused, the tap plays it.
      });
    } else {
      video.pause();
    }
  }, [active, paused, muted, near]);

  const onTap = () => {
    const now = Date.now();
    if (now - lastTap.current < DOUBLE_TAP_MS) {
      clearTimeout(singleTap.current);
      lastTap.current = 0;
      actions.setLiked(item.product_id, true);
      setBurst((b) => b + 1);
      return;
    }
    lastTap.current = now;
    singleTap.current = setTimeout(() => {
      if (active) useFeedStore.getState().togglePaused();
    }, DOUBLE_TAP_MS);
  };

  return (
    <section
      data-testid="reel"
      data-index={index}
      data-product-id={item.product_id}
      data-active={active}
      aria-roledescription="reel"
      aria-label={`${item.name} by ${item.shop.name}`}
      className="relative flex h-full w-full snap-start snap-always items-center justify-center sm:py-3"
    >
      <div className="relative h-full w-full overflow-hidden bg-black sm:aspect-[9/16] sm:w-auto sm:rounded-3xl sm:shadow-2xl sm:ring-1 sm:ring-white/10">
        <video
          ref={videoRef}
          data-testid="reel-video"
          src={near ? item.video_url : undefined}
          poster={item.poster_url}
          muted
          loop
          playsInline
          preload={active || next ? "auto" : "metadata"}
          className="absolute inset-0 h-full w-full object-cover"
          onPointerUp={onTap}
          aria-label={`${item.name} video`}
        />
        {burst > 0 ? (
          <span key={burst} className="animate-heart-burst pointer-events-none absolute inset-0 m-auto size-28 text-rose-500 drop-shadow-2xl">
            <Icon name="heart" filled className="size-28" />
          </span>
        ) : null}
        {paused ? (
          <span className="pointer-events-none absolute inset-0 m-auto grid size-20 place-items-center rounded-full bg-black/50">
            <Icon name="play" filled className="size-9" />
          </span>
        ) : null}

        <div className="pointer-events-none absolute inset-x-0 bottom-0 h-2/5 bg-gradient-to-t from-black/85 via-black/30 to-transparent" />

        <div className="absolute inset-x-0 bottom-0 flex items-end gap-3 p-4 pb-5">
          <div className="min-w-0 flex-1">
            <p className="flex items-center gap-2 text-sm font-semibold">
              <span aria-hidden className="grid size-7 place-items-center rounded-full bg-gradient-to-br from-fuchsia-500 to-orange-400 text-xs font-black">
                {item.shop.name[0]}
              </span>
              <Link href={`/s/${encodeURIComponent(item.shop.id)}`} className="pointer-events-auto hover:underline focus-ring">
                {item.shop.name}
              </Link>
              <FollowButton shopId={item.shop.id} shopName={item.shop.name} />
              <MessageShopButton shopId={item.shop.id} shopName={item.shop.name} />
            </p>
            <h2 className="mt-2 text-lg font-bold leading-tight drop-shadow">{item.name}</h2>
            <p className="mt-1 line-clamp-2 text-sm text-zinc-200/90">{item.description}</p>
            <button type="button" onClick={() => onBuy(item)} className="btn-primary pointer-events-auto mt-3 py-2.5 shadow-lg">
              Buy · {formatPrice(item.price, item.currency)}
            </button>
          </div>

          <div className="flex shrink-0 flex-col items-center gap-3">
            <RailButton
              label="Like"
              pressed={item.liked_by_me}
              onClick={() => actions.setLiked(item.product_id, !item.liked_by_me)}
              count={<span data-testid="like-count">{formatCount(item.likes)}</span>}
            >
              <svg viewBox="0 0 24 24" className={`size-7 ${item.liked_by_me ? "fill-rose-500 stroke-rose-500" : "fill-none stroke-white"}`} strokeWidth="2" aria-hidden>
                <path d="M12 21s-7.5-4.6-9.5-9.3C1.2 8.6 3.2 5 6.7 5c2 0 3.4 1 4.3 2.4h2C13.9 6 15.3 5 17.3 5c3.5 0 5.5 3.6 4.2 6.7C19.5 16.4 12 21 12 21z" strokeLinejoin="round" />
              </svg>
            </RailButton>
            <RailButton label="Save" pressed={item.saved_by_me} onClick={() => actions.setSaved(item.product_id, !item.saved_by_me)}>
              <svg viewBox="0 0 24 24" className={`size-7 ${item.saved_by_me ? "fill-amber-400 stroke-amber-400" : "fill-none stroke-white"}`} strokeWidth="2" aria-hidden>
                <path d="M6 3h12v18l-6-4.5L6 21z" strokeLinejoin="round" />
              </svg>
            </RailButton>
            <RailButton label="Share" onClick={() => onShare(item)} count={formatCount(item.shares)}>
              <svg viewBox="0 0 24 24" className="size-7 fill-none stroke-white" strokeWidth="2" aria-hidden>
                <path d="M14 5l7 7-7 7M21 12H10a7 7 0 0 0-7 7" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
            </RailButton>
            <RailButton label="Report" onClick={() => onReport(item)}>
              <svg viewBox="0 0 24 24" className="size-6 fill-none stroke-white" strokeWidth="2" aria-hidden>
                <path d="M5 21V4h11l-1.5 4L16 12H5" strokeLinejoin="round" />
              </svg>
            </RailButton>
            <RailButton label={muted ? "Unmute" : "Mute"} onClick={() => useFeedStore.getState().toggleMuted()}>
              <Icon name={muted ? "muted" : "volume"} className="size-6" />
            </RailButton>
          </div>
        </div>
      </div>
    </section>
  );
});

function RailButton({
  label,
  pressed,
  onClick,
  count,
  children,
}: {
  label: string;
  pressed?: boolean;
  onClick: () => void;
  count?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <div className="flex flex-col items-center gap-0.5">
      <button
        type="button"
        aria-label={label}
        aria-pressed={pressed}
        onClick={onClick}
        className="grid size-11 place-items-center rounded-full bg-black/35 backdrop-blur transition active:scale-90 hover:bg-black/55 focus-ring"
      >
        {children}
      </button>
      {count !== undefined ? <span className="text-xs font-semibold drop-shadow">{count}</span> : null}
    </div>
  );
}

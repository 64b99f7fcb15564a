import Link from "next/link";

// URLs and in-app paths such as `/shop` (the assistant's pointer to the new shop's dashboard).
const LINK = /(https?:\/\/[^\s<>"]+|(?<![\w/])\/(?:shop|orders|chat|deliveries|track)(?:\/[\w\-./]*)?)/g;

/** Message text as React text nodes (never HTML), with links made clickable. */
export function MessageText({ content }: { content: string }) {
  const parts = content.split(LINK);
  return (
    <>
      {parts.map((part, i) => {
        if (i % 2 === 0) return part;
        const href = part.replace(/[.,!?)]+$/, "");
        const rest = part.slice(href.length);
        const className = "font-semibold text-fuchsia-300 underline underline-offset-2 hover:text-fuchsia-200 focus-ring";
        return (
          <span key={i}>
            {href.startsWith("/") ? (
              <Link href={href} className={className}>
                {href}
              </Link>
            ) : (
              <a href={href} target="_blank" rel="noopener noreferrer" className={className}>
                {href}
              </a>
            )}
            {rest}
          </span>
        );
      })}
    </>
  );
}

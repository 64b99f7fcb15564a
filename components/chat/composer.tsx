"use client";

import { useEffect, useRef, useState } from "react";
import { MESSAGE_MAX_LENGTH } from "@/lib/events";

/** Typing stops counting this long after the last keystroke. */
const TYPING_IDLE_MS = 2_500;
const ASSISTANT_COMMANDS = ["@createshop", "@help"];

interface ComposerProps {
  disabled: boolean;
  onSend: (content: string) => Promise<boolean>;
  onTyping: (isTyping: boolean) => void;
}

/** The message box: Enter sends, Shift+Enter breaks the line; reports typing while keys move. */
export function Composer({ disabled, onSend, onTyping }: ComposerProps) {
  const [text, setText] = useState("");
  const typing = useRef(false);
  const idle = useRef<ReturnType<typeof setTimeout>>(undefined);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  const stopTyping = () => {
    clearTimeout(idle.current);
    if (typing.current) {
      typing.current = false;
      onTyping(false);
    }
  };
  useEffect(() => () => clearTimeout(idle.current), []);

  const change = (value: string) => {
    setText(value);
    if (!value.trim()) return stopTyping();
    if (!typing.current) {
      typing.current = true;
      onTyping(true);
    }
    clearTimeout(idle.current);
    idle.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const send = async (content = text) => {
    const trimmed = content.trim();
    if (!trimmed || disabled) return;
    setText("");
    stopTyping();
    if (!(await onSend(trimmed))) setText(trimmed);
    inputRef.current?.focus();
  };

  return (
    <div className="border-t border-white/10 bg-zinc-950/80 p-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] backdrop-blur">
      {text === "" ? (
        <div className="mb-2 flex gap-2" aria-label="Assistant commands">
          {ASSISTANT_COMMANDS.map((command) => (
            <button
              key={command}
              type="button"
              disabled={disabled}
              onClick={() => void send(command)}
              className="rounded-full border border-violet-400/30 bg-violet-500/10 px-3 py-1 text-xs font-medium text-violet-200 transition hover:bg-violet-500/20 focus-ring disabled:opacity-50"
            >
              {command === "@createshop" ? "Open a shop" : "Ask the assistant"} <span className="text-violet-300/70">{command}</span>
            </button>
          ))}
        </div>
      ) : null}
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <label htmlFor="chat-input" className="sr-only">
          Message
        </label>
        <textarea
          id="chat-input"
          ref={inputRef}
          rows={1}
          value={text}
          maxLength={MESSAGE_MAX_LENGTH}
          placeholder={disabled ? "Connecting…" : "Message…"}
          onChange={(e) => change(e.target.value)}
          onBlur={stopTyping}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void send();
            }
          }}
          className="max-h-40 min-h-11 flex-1 resize-none rounded-2xl border border-white/10 bg-white/5 px-4 py-2.5 outline-none transition focus:border-fuchsia-400 focus:ring-2 focus:ring-fuchsia-400/30"
        />
        <button type="submit" disabled={disabled || !text.trim()} aria-label="Send" className="btn-primary size-11 shrink-0 p-0">
          <svg viewBox="0 0 24 24" className="size-5 fill-current" aria-hidden>
            <path d="M3 20.5 21 12 3 3.5l2.5 7.5L15 12l-9.5 1z" />
          </svg>
        </button>
      </form>
    </div>
  );
}

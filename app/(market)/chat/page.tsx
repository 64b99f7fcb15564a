export default function ChatIndexPage() {
  return (
    <div className="grid h-full place-items-center p-8 text-center text-zinc-400">
      <p>Pick a conversation to start chatting.</p>
    </div>
  );
}

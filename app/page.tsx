export default function HomePage() {
  return (
    <main className="p-8">
      <h1 className="text-2xl font-bold">Realtime Market</h1>
    </main>
  );
}

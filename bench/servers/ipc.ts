// Lets the bench driver read a server process's own CPU time and memory.
export function answerProbes(): void {
  process.on("message", (message) => {
    if (message !== "probe") return;
    (globalThis as { gc?: () => void }).gc?.();
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    process.send?.({ cpuMicros: cpu.user + cpu.system, rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external });
  });
}

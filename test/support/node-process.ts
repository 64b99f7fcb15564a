// One product server node in its own process, for the cluster tests: configured by the
// environment, on a free port, it prints `listening <port>` once it serves and drains on SIGTERM.
import { loadConfig } from "@/server/config";
import { startApp } from "@/server/start-app";

const app = await startApp(loadConfig(process.env, { PORT: 0, HOST: "127.0.0.1" }));
process.stdout.write(`listening ${app.port}\n`);
process.on("SIGTERM", () => {
  void app.close().then(() => process.exit(0));
});

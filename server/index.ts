import { EventEmitter } from "node:events";
import type http from "node:http";
import next from "next";
import { loadConfig } from "./config";
import { assertDeployable } from "./deployment-check";
import { log } from "./log";
import { exitOnSignals } from "./shutdown";
import { startApp } from "./start-app";

/**
 * Boots the product on one port: the Next app, the socket (`/socket/websocket`, `/socket/longpoll`),
 * monitoring and the JSON API. `--dev` runs Next with hot reload.
 */
async function main() {
  const dev = process.argv.includes("--dev");
  const config = loadConfig();
  log.info(
    { mode: config.MODE },
    config.MODE === "demo"
      ? "Realtime Market DEMO (NODE_ENV is not production): demo data, demo secrets and placeholder tokens are on"
      : "Realtime Market DEPLOYMENT (NODE_ENV=production): no demo data, no demo secrets, no placeholder tokens",
  );
  try {
    assertDeployable();
  } catch (err) {
    log.fatal((err as Error).message);
    process.exit(1);
  }
  // Next attaches its own upgrade listener (hot reload) to this emitter instead of the real server,
  // so it never sees, and never ends, our socket's upgrades.
  const upgrades = new EventEmitter();
  const nextApp = next({
    dev,
    dir: process.cwd(),
    hostname: "localhost",
    port: config.PORT,
    httpServer: upgrades as unknown as http.Server,
  });
  await nextApp.prepare();
  const handle = nextApp.getRequestHandler();
  const app = await startApp(config, { handle: (req, res) => handle(req, res), upgrades });
  log.info({ port: app.port, dev }, `Realtime Market on http://localhost:${app.port}`);

  exitOnSignals(
    async (options) => {
      await app.close(options);
      await nextApp.close();
    },
    log,
    config,
  );
}

main().catch((err) => {
  log.fatal({ err }, "failed to start");
  process.exit(1);
});

// One product server node in its own process, for the cluster and fault tests: configured by the
// environment, on a free port (or TEST_NODE_PORT), it prints `listening <port>` once it serves
// and drains on SIGTERM as server/index.ts does (server/shutdown.ts).
import { loadConfig } from "@/server/config";
import { log } from "@/server/log";
import { exitOnSignals } from "@/server/shutdown";
import { startApp } from "@/server/start-app";

const config = loadConfig(process.env, { PORT: Number(process.env.TEST_NODE_PORT ?? 0), HOST: "127.0.0.1" });
const app = await startApp(config);
process.stdout.write(`listening ${app.port}\n`);
exitOnSignals((options) => app.close(options), log, config);

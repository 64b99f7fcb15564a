// The whole product (NODE_ENV=production, without the web pages) on the database the driver prepared.
import { loadConfig } from "../../server/config";
import { assertDeployable } from "../../server/deployment-check";
import { startApp } from "../../server/start-app";
import { ready } from "./ipc";

assertDeployable();
const app = await startApp(loadConfig({ ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }));
ready(app.port);

import { createRealtimeServer, type DrainOptions, type RealtimeServer, type RealtimeServerOptions } from "./app";
import type { Config } from "./config";
import { log } from "./log";
import { createChannels } from "./channels";
import { createApiRoutes } from "./http/api";
import { removeAbandonedUploads } from "./http/api/upload-form";
import { AfterCommit } from "./services/after-commit";
import { Notifier } from "./services/notifier";
import type { AppContext } from "./services/context";
import { createDatabase, type StoreDatabase } from "./store/db";
import { GroupCommit } from "./store/group-commit";
import { migrateToLatest, whileSettingUp } from "./store/migrate";
import { isEmpty, seedDemoData } from "./store/seed";
import { findUserById, listDisabledUsers } from "./store/repositories/users.repository";
import { LocalLongPollSessions, type LongPollSessions } from "./transport/long-poll-sessions";
import { RedisLongPollSessions } from "./transport/redis-long-poll-sessions";
import { MemoryLimiterStore } from "./limits/limiter-store";
import { shareLimiterStore } from "./limits/sign-in-limiter";
import { RedisLimiterStore } from "./limits/redis-limiter-store";
import { RedisConnections } from "./cluster/redis-connections";
import { RedisRelay } from "./pubsub/redis-relay";
import { RedisTracker } from "./presence/redis-tracker";
import { RedisNodeDirectory } from "./monitor/node-directory";

export interface StartedApp {
  server: RealtimeServer;
  store: StoreDatabase;
  context: AppContext;
  port: number;
  /** The server's draining close (RealtimeServer.close), then the database. */
  close(options?: DrainOptions): Promise<void>;
}

export interface StartOptions {
  /** The token buckets' clock without Redis (a test advances it instead of waiting). */
  bucketClock?: () => number;
}

/**
 * The whole product minus the web pages: storage (migrated; the demo's seeded when empty), the marketplace
 * channels and the JSON API on one socket server. `next` adds the Next.js app.
 */
export async function startApp(config: Config, next?: RealtimeServerOptions["next"], options: StartOptions = {}): Promise<StartedApp> {
  // Every log line names its node (the logger exists before the config is read).
  log.setBindings({ node: config.NODE_ID });
  const store = createDatabase(config.DATABASE_URL);
  // Nodes started together: one migrates (and seeds the demo), the others wait and find it done.
  await whileSettingUp(store, async () => {
    const applied = await migrateToLatest(store.db);
    if (applied.length > 0) log.info({ migrations: applied }, "migrated the database");
    if (!(await isEmpty(store.db))) return;
    if (config.MODE === "demo") {
      await seedDemoData(store.db, { password: config.DEMO_PASSWORD });
      log.info("seeded the demo data");
    } else {
      // A deployment never gets demo accounts by itself (`npm run db:seed` loads them on purpose).
      log.warn('the database is empty: create the first admin with `npm run admin -- create-admin <username>`');
    }
  });
  const abandoned = await removeAbandonedUploads(config.MEDIA_DIR);
  if (abandoned > 0) log.info({ files: abandoned }, "removed the temporary files of interrupted uploads");
  const writes = new GroupCommit(store.db, store.dialect);
  // A cluster's nodes share Redis; one node alone needs nothing beside itself.
  const redis = config.REDIS_URL ? new RedisConnections(config.REDIS_URL, config.REDIS_PREFIX, config.NODE_ID, log) : null;
  await redis?.connect();
  const limiterStore = redis ? new RedisLimiterStore(redis) : new MemoryLimiterStore(options.bucketClock);
  // Sign-in and sign-up run inside Next in this process: they count in the same store.
  shareLimiterStore(limiterStore);
  let context!: AppContext;
  const server = createRealtimeServer({
    config,
    next,
    pubsubAdapter: redis && new RedisRelay(redis, config.NODE_ID),
    presenceTracker: redis ? new RedisTracker(redis, config.NODE_ID, log) : undefined,
    nodeDirectory: redis ? new RedisNodeDirectory(redis, config.NODE_ID, log) : undefined,
    longPollSessions: createLongPollSessions(config, redis),
    limiterStore,
    demoTokens: config.DEMO_TOKENS === "on",
    application: (endpoint) => {
      if (redis) endpoint.metrics.observeRedis(redis);
      const broadcast = endpoint.broadcast.bind(endpoint);
      const afterCommit = new AfterCommit(log, endpoint.metrics);
      context = {
        db: store.db,
        writes,
        config,
        log,
        metrics: endpoint.metrics,
        limits: endpoint.limits,
        broadcast,
        presence: endpoint.presence,
        notifier: new Notifier(store.db, broadcast, afterCommit),
        afterCommit,
        verifier: endpoint.verifier,
      };
      return {
        channels: createChannels(context),
        routes: createApiRoutes(context),
        isAdmin: async (userId) => (await findUserById(store.db, userId))?.role === "admin",
        disabledUsers: (userIds) => listDisabledUsers(store.db, userIds),
        settled: async (deadline) => {
          if (!(await afterCommit.settled(deadline))) log.warn("drain deadline: after-commit work still running is cut");
        },
      };
    },
  });
  const port = await server.listen(config.PORT, config.HOST);
  return {
    server,
    store,
    context,
    port,
    async close(options) {
      await server.close(options);
      await writes.idle();
      await redis?.close();
      await store.close();
    },
  };
}

/** Long-poll without sticky sessions when nodes share Redis: polls reach the session's own node. */
function createLongPollSessions(config: Config, redis: RedisConnections | null): LongPollSessions {
  const local = new LocalLongPollSessions(config.NODE_ID, config.LONGPOLL_WINDOW_MS);
  return redis ? new RedisLongPollSessions(local, redis, log) : local;
}

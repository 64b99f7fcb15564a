import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and Node-only modules stay outside the bundle; the custom server owns them.
  serverExternalPackages: ["better-sqlite3", "pg", "ioredis", "pino", "rate-limiter-flexible"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;

// `npm run token -- <user_id> [ttl_seconds]`: prints a socket JWT for wscat and the document's examples.
import { loadConfig } from "../server/config";
import { TokenVerifier } from "../server/socket/auth";

const [userId, ttl] = process.argv.slice(2);
if (!userId) {
  console.error("usage: npm run token -- <user_id> [ttl_seconds]   (demo users: user123, owner1, courier1, admin)");
  process.exit(2);
}
const config = loadConfig();
console.log(await new TokenVerifier(config.JWT_SECRET).sign(userId, ttl ? Number(ttl) : undefined));

import { auth } from "@/auth";
import { loadConfig } from "@/server/config";
import { TokenVerifier } from "@/server/socket/auth";

/** Socket JWTs live an hour; the browser refreshes them before they expire. */
const TOKEN_TTL_SECONDS = 3600;

// GET /api/socket-token: the signed-in user's socket JWT (also the bearer of /api/v1).
export async function GET() {
  const session = await auth();
  if (!session?.user?.id) return Response.json({ error: "unauthorized" }, { status: 401 });
  const { id, username, name, role } = session.user;
  const token = await new TokenVerifier(loadConfig().JWT_SECRET).sign(id, TOKEN_TTL_SECONDS);
  return Response.json(
    { token, expires_in: TOKEN_TTL_SECONDS, user: { id, username, display_name: name ?? username, role } },
    { headers: { "cache-control": "no-store" } },
  );
}

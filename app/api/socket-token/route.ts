import { auth } from "@/auth";
import { loadConfig } from "@/server/config";
import { TokenVerifier } from "@/server/socket/auth";
import { processStore } from "@/server/store/process-store";
import { findActiveUser } from "@/server/store/repositories/users.repository";

/** Socket JWTs live an hour; the browser refreshes them before they expire. */
const TOKEN_TTL_SECONDS = 3600;

// GET /api/socket-token: the signed-in user's socket JWT (also the bearer of /api/v1).
export async function GET() {
  const session = await auth();
  // The session cookie lives for days: a user deleted or disabled since gets no more tokens.
  const user = session?.user?.id ? await findActiveUser(processStore().db, session.user.id) : null;
  if (!user) return Response.json({ error: "unauthorized" }, { status: 401 });
  const token = await new TokenVerifier(loadConfig().JWT_SECRET).sign(user.id, TOKEN_TTL_SECONDS);
  return Response.json(
    { token, expires_in: TOKEN_TTL_SECONDS, user: { id: user.id, username: user.username, display_name: user.display_name, role: user.role } },
    { headers: { "cache-control": "no-store" } },
  );
}

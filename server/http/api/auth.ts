import type { IncomingMessage } from "node:http";
import { bearerToken, type TokenVerifier } from "../../socket/auth";
import { HttpError } from "./router";

/** The signed-in user of an API request: the socket JWT as a bearer token. 401 without one. */
export async function requireUserId(req: IncomingMessage, verifier: TokenVerifier): Promise<string> {
  const token = bearerToken(req.headers.authorization);
  const identity = token ? await verifier.verify(token) : null;
  if (!identity) throw new HttpError(401, "unauthorized");
  return identity.userId;
}

import { SignJWT, jwtVerify, errors } from "jose";

/** Who is on the other end of a socket or a channel join. */
export interface Identity {
  userId: string;
  /** Epoch seconds after which the token no longer counts. */
  expiresAt: number;
}

const ALGORITHM = "HS256";

/** Which users may no longer use the app (`npm run admin -- disable`). */
export interface UserDirectory {
  disabled(userIds: readonly string[]): Promise<Set<string>>;
}

/** Far enough ahead that a demo token never expires during a session. */
const DEMO_TOKEN_EXPIRY = 4_102_444_800; // 2100-01-01

export class TokenVerifier {
  /** Imported once: jose imports raw key bytes anew on every verify, which was most of a verify's CPU. */
  private readonly key: Promise<CryptoKey>;

  /**
   * `demoTokens` maps the placeholder tokens of the protocol document (`test_token`, ...) to a
   * demo user so its examples work verbatim; null turns them off (DEMO_TOKENS=off).
   */
  constructor(
    secret: string,
    private readonly demoTokens: ReadonlyMap<string, string> | null = null,
    /** With a directory, tokens of disabled users are refused like forged ones (connect, joins, API). */
    private readonly users: UserDirectory | null = null,
  ) {
    this.key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  }

  /** The identity in a valid token, or null when it is malformed, forged or expired, or its user is disabled. */
  async verify(token: string): Promise<Identity | null> {
    const identity = await this.decode(token);
    if (!identity || (await this.disabledAmong([identity.userId])).size > 0) return null;
    return identity;
  }

  /** The users among `userIds` that are disabled (none without a directory). */
  async disabledAmong(userIds: readonly string[]): Promise<Set<string>> {
    return this.users ? this.users.disabled(userIds) : new Set();
  }

  private async decode(token: string): Promise<Identity | null> {
    const demoUser = this.demoTokens?.get(token);
    if (demoUser) return { userId: demoUser, expiresAt: DEMO_TOKEN_EXPIRY };
    try {
      const { payload } = await jwtVerify(token, await this.key, { algorithms: [ALGORITHM] });
      const userId = payload.user_id ?? payload.sub;
      if (typeof userId !== "string" || userId === "" || typeof payload.exp !== "number") return null;
      return { userId, expiresAt: payload.exp };
    } catch (error) {
      if (error instanceof errors.JOSEError || error instanceof TypeError) return null;
      throw error;
    }
  }

  /** Signs a socket token carrying `user_id` (the document's client decodes it) and `exp`. */
  async sign(userId: string, ttlSeconds = 60 * 60 * 12): Promise<string> {
    return new SignJWT({ user_id: userId })
      .setProtectedHeader({ alg: ALGORITHM })
      .setSubject(userId)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(await this.key);
  }
}

export function isExpired(identity: Identity, nowMs = Date.now()): boolean {
  return identity.expiresAt * 1000 <= nowMs;
}

/** The token of an `Authorization: Bearer <token>` header; null without one. */
export function bearerToken(header: string | undefined): string | null {
  return header?.startsWith("Bearer ") && header.length > 7 ? header.slice(7) : null;
}

const SUBPROTOCOL_TOKEN_PREFIX = "base64url.bearer.phx.";

/** phoenix.js 1.8's `authToken` option: `Sec-WebSocket-Protocol: phoenix, base64url.bearer.phx.<token>`. */
export function tokenFromSubprotocols(header: string | undefined): string | null {
  if (!header) return null;
  for (const entry of header.split(",")) {
    const value = entry.trim();
    if (value.startsWith(SUBPROTOCOL_TOKEN_PREFIX)) {
      return Buffer.from(value.slice(SUBPROTOCOL_TOKEN_PREFIX.length), "base64url").toString("utf8");
    }
  }
  return null;
}

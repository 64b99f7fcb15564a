import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/** Set by the server on every request it hands to Next: the client's address, never the client's say. */
export const CLIENT_ADDRESS_HEADER = "x-realtime-market-client-address";

/** Failed sign-ins of one username from one address: a few tries, then a quarter-hour pause. */
const PER_USERNAME_AND_ADDRESS = { points: 5, duration: 15 * 60 };
/** Failed sign-ins from one address, whatever the username: guessing across accounts. */
const PER_ADDRESS = { points: 30, duration: 60 * 60 };

/**
 * Sign-in failures, counted per (username, address) and per address, so a stranger elsewhere can
 * never lock a known owner out, and a successful sign-in never counts. One per process (kept on
 * globalThis: Next may load auth.ts more than once).
 */
export class SignInLimiter {
  private readonly byUser = new RateLimiterMemory({ keyPrefix: "signin_user", ...PER_USERNAME_AND_ADDRESS });
  private readonly byAddress = new RateLimiterMemory({ keyPrefix: "signin_addr", ...PER_ADDRESS });

  /** Seconds to wait before another try, 0 when a try is allowed now. */
  async retryAfterSeconds(username: string, address: string): Promise<number> {
    const [user, addr] = await Promise.all([this.byUser.get(userKey(username, address)), this.byAddress.get(address)]);
    const blocked = [
      user && user.consumedPoints >= PER_USERNAME_AND_ADDRESS.points ? user : null,
      addr && addr.consumedPoints >= PER_ADDRESS.points ? addr : null,
    ].filter((r): r is RateLimiterRes => r !== null);
    return blocked.length ? Math.ceil(Math.max(...blocked.map((r) => r.msBeforeNext)) / 1000) : 0;
  }

  async recordFailure(username: string, address: string): Promise<void> {
    // Consuming past the limit rejects with the limiter's result; the count is what matters.
    await Promise.allSettled([this.byUser.consume(userKey(username, address)), this.byAddress.consume(address)]);
  }
}

function userKey(username: string, address: string): string {
  return `${username.toLowerCase()}|${address}`;
}

/** Accounts created from one address: a household or an office, not a script making thousands. */
const SIGN_UPS_PER_ADDRESS = { points: 10, duration: 60 * 60 };

/** Sign-ups per address: each account created counts; refused forms (a taken name) do not. */
export class SignUpLimiter {
  private readonly byAddress = new RateLimiterMemory({ keyPrefix: "signup_addr", ...SIGN_UPS_PER_ADDRESS });

  async allowed(address: string): Promise<boolean> {
    return ((await this.byAddress.get(address))?.consumedPoints ?? 0) < SIGN_UPS_PER_ADDRESS.points;
  }

  async recordAccount(address: string): Promise<void> {
    await this.byAddress.consume(address).catch(() => undefined);
  }
}

// One of each per process, kept on globalThis: Next may load these modules more than once.
const holder = globalThis as { __realtimeMarketSignInLimiter?: SignInLimiter; __realtimeMarketSignUpLimiter?: SignUpLimiter };
export function signInLimiter(): SignInLimiter {
  return (holder.__realtimeMarketSignInLimiter ??= new SignInLimiter());
}
export function signUpLimiter(): SignUpLimiter {
  return (holder.__realtimeMarketSignUpLimiter ??= new SignUpLimiter());
}

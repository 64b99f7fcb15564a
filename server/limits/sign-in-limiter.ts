import { MemoryLimiterStore, type KeyedLimiter, type LimiterStore, type RateLimit } from "./limiter-store";

/** Set by the server on every request it hands to Next: the client's address, never the client's say. */
export const CLIENT_ADDRESS_HEADER = "x-realtime-market-client-address";

/** Failed sign-ins of one username from one address: a few tries, then a quarter-hour pause. */
const PER_USERNAME_AND_ADDRESS: RateLimit = { points: 5, seconds: 15 * 60 };
/** Failed sign-ins from one address, whatever the username: guessing across accounts. */
const PER_ADDRESS: RateLimit = { points: 30, seconds: 60 * 60 };
/** Accounts created from one address: a household or an office, not a script making thousands. */
const SIGN_UPS_PER_ADDRESS: RateLimit = { points: 10, seconds: 60 * 60 };

/**
 * Sign-in failures, counted per (username, address) and per address, so a stranger elsewhere can
 * never lock a known owner out, and a successful sign-in never counts. Counted in the store every
 * node shares (Redis in a cluster), so trying each node in turn gains nothing.
 */
export class SignInLimiter {
  private readonly byUser: KeyedLimiter;
  private readonly byAddress: KeyedLimiter;

  constructor(store: LimiterStore) {
    this.byUser = store.limiter("signin_user", PER_USERNAME_AND_ADDRESS);
    this.byAddress = store.limiter("signin_addr", PER_ADDRESS);
  }

  /** Seconds to wait before another try, 0 when a try is allowed now. */
  async retryAfterSeconds(username: string, address: string): Promise<number> {
    const waits = await Promise.all([this.byUser.retryAfterMs(userKey(username, address)), this.byAddress.retryAfterMs(address)]);
    return Math.ceil(Math.max(...waits) / 1000);
  }

  async recordFailure(username: string, address: string): Promise<void> {
    await Promise.all([this.byUser.take(userKey(username, address)), this.byAddress.take(address)]);
  }
}

function userKey(username: string, address: string): string {
  return `${username.toLowerCase()}|${address}`;
}

/** Sign-ups per address: each account created counts; refused forms (a taken name) do not. */
export class SignUpLimiter {
  private readonly byAddress: KeyedLimiter;

  constructor(store: LimiterStore) {
    this.byAddress = store.limiter("signup_addr", SIGN_UPS_PER_ADDRESS);
  }

  async allowed(address: string): Promise<boolean> {
    return (await this.byAddress.retryAfterMs(address)) === 0;
  }

  async recordAccount(address: string): Promise<void> {
    await this.byAddress.take(address);
  }
}

// The sign-in code runs inside Next, which loads its own copies of these modules: the server hands
// over the store it picked (start-app.ts) through globalThis, and the limiters are made from it.
const holder = globalThis as {
  __realtimeMarketLimiterStore?: LimiterStore;
  __realtimeMarketAccountLimiters?: { store: LimiterStore; signIn: SignInLimiter; signUp: SignUpLimiter };
};

export function shareLimiterStore(store: LimiterStore): void {
  holder.__realtimeMarketLimiterStore = store;
}

function accountLimiters() {
  // Next without the socket server (a build, a bare `next start`): this process counts alone.
  const store = (holder.__realtimeMarketLimiterStore ??= new MemoryLimiterStore());
  if (holder.__realtimeMarketAccountLimiters?.store !== store) {
    holder.__realtimeMarketAccountLimiters = { store, signIn: new SignInLimiter(store), signUp: new SignUpLimiter(store) };
  }
  return holder.__realtimeMarketAccountLimiters;
}

export const signInLimiter = (): SignInLimiter => accountLimiters().signIn;
export const signUpLimiter = (): SignUpLimiter => accountLimiters().signUp;

import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { DEMO_AUTH_SECRET } from "@/server/run-mode";
import { CLIENT_ADDRESS_HEADER, signInLimiter } from "@/server/limits/sign-in-limiter";
import { processStore } from "@/server/store/process-store";
import { authenticateUser, findUserById } from "@/server/store/repositories/users.repository";
import type { UserRole } from "@/server/store/tables/users.table";

declare module "next-auth" {
  interface Session {
    user: { id: string; username: string; role: UserRole } & DefaultSession["user"];
  }
  interface User {
    username: string;
    role: UserRole;
  }
}

export const TOO_MANY_ATTEMPTS = "too_many_attempts";

/** Too many failed sign-ins for this username from this address (or from this address at all). */
class TooManyAttempts extends CredentialsSignin {
  code = TOO_MANY_ATTEMPTS;
}

const credentialsSchema = z.object({ username: z.string().trim().min(1), password: z.string().min(1) });

export const { handlers, auth, signIn, signOut } = NextAuth({
  // The demo's fallback; a deployment does not start without its own AUTH_SECRET.
  secret: process.env.AUTH_SECRET ?? DEMO_AUTH_SECRET,
  // The custom server answers on whatever host it is reached by; AUTH_URL pins redirects.
  trustHost: true,
  session: { strategy: "jwt" },
  pages: { signIn: "/login" },
  // A wrong password is an expected answer, not a server error worth a stack trace.
  logger: {
    error(error) {
      if ((error as { type?: string }).type !== "CredentialsSignin") console.error(error);
    },
  },
  providers: [
    Credentials({
      credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { username, password } = parsed.data;
        const address = request.headers.get(CLIENT_ADDRESS_HEADER) ?? "";
        const limiter = signInLimiter();
        if ((await limiter.retryAfterSeconds(username, address)) > 0) throw new TooManyAttempts();
        const user = await authenticateUser(processStore().db, username, password);
        if (!user) {
          await limiter.recordFailure(username, address);
          return null;
        }
        return { id: user.id, name: user.display_name, username: user.username, role: user.role };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) return Object.assign(token, { uid: user.id, username: user.username, role: user.role });
      // The role changes while signed in (@createshop makes a shopper an owner): read it afresh,
      // so the session never needs a second sign-in to catch up.
      const current = typeof token.uid === "string" ? await findUserById(processStore().db, token.uid) : null;
      if (current) token.role = current.role;
      return token;
    },
    session({ session, token }) {
      session.user.id = token.uid as string;
      session.user.username = token.username as string;
      session.user.role = token.role as UserRole;
      return session;
    },
  },
});

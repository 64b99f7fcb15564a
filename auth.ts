import NextAuth, { type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
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

/**
 * Development fallback so `npm run dev` works out of the box; production deployments must set
 * AUTH_SECRET (a leaked default would let anyone forge sessions).
 */
const DEV_AUTH_SECRET = "realtime-market-dev-only-auth-secret-change-me";

const credentialsSchema = z.object({ username: z.string().trim().min(1), password: z.string().min(1) });

export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: process.env.AUTH_SECRET ?? DEV_AUTH_SECRET,
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
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const user = await authenticateUser(processStore().db, parsed.data.username, parsed.data.password);
        if (!user) return null;
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

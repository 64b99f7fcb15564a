import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthError, CredentialsSignin } from "next-auth";
import { auth, signIn, TOO_MANY_ATTEMPTS } from "@/auth";
import { SubmitButton } from "@/components/auth/submit-button";
import { runMode } from "@/server/run-mode";
import { TextField } from "@/components/auth/text-field";

const DEMO_USERS = [
  { username: "user123", role: "Shopper" },
  { username: "owner1", role: "Shop owner" },
  { username: "courier1", role: "Courier" },
  { username: "admin", role: "Admin" },
];

const SIGN_IN_ERRORS: Record<string, string> = {
  CredentialsSignin: "Wrong username or password.",
  TooManyAttempts: "Too many failed attempts. Wait 15 minutes before you try again.",
};

async function signInAction(formData: FormData) {
  "use server";
  const callbackUrl = String(formData.get("callbackUrl") || "/");
  try {
    await signIn("credentials", {
      username: formData.get("username"),
      password: formData.get("password"),
      redirectTo: callbackUrl.startsWith("/") ? callbackUrl : "/",
    });
  } catch (error) {
    // signIn redirects by throwing; only real auth failures are handled here.
    if (error instanceof CredentialsSignin && error.code === TOO_MANY_ATTEMPTS) redirect("/login?error=TooManyAttempts");
    if (error instanceof AuthError) redirect(`/login?error=${error.type}`);
    throw error;
  }
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  const [{ error, callbackUrl }, session] = await Promise.all([searchParams, auth()]);
  if (session?.user) redirect("/");
  return (
    <main className="grid min-h-[calc(100dvh-3.5rem)] place-items-center px-4 py-10">
      <div className="w-full max-w-sm">
        <h1 className="text-3xl font-bold tracking-tight">Welcome back</h1>
        <p className="mt-2 text-zinc-400">Sign in to shop live reels, chat with shops and track your deliveries.</p>
        <form action={signInAction} className="mt-8 space-y-4" aria-describedby={error ? "login-error" : undefined}>
          <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/"} />
          <TextField label="Username" name="username" required autoComplete="username" autoCapitalize="none" />
          <TextField label="Password" name="password" type="password" required autoComplete="current-password" />
          {error ? (
            <p id="login-error" role="alert" className="rounded-lg bg-red-500/10 px-3 py-2 text-sm text-red-300">
              {SIGN_IN_ERRORS[error] ?? "Sign-in failed, please try again."}
            </p>
          ) : null}
          <SubmitButton pendingLabel="Signing in…" className="btn-primary w-full py-3">Sign in</SubmitButton>
        </form>
        <p className="mt-6 text-center text-sm text-zinc-400">
          New here?{" "}
          <Link href="/signup" className="text-fuchsia-300 underline focus-ring">
            Create an account
          </Link>
        </p>
        {runMode() === "demo" ? <DemoAccounts /> : null}
      </div>
    </main>
  );
}

/** The demo only: a deployment never advertises accounts or passwords, even when seeded on purpose. */
function DemoAccounts() {
  return (
    <div className="mt-8 rounded-2xl border border-white/10 bg-white/[0.03] p-4 text-sm text-zinc-400">
      <p className="font-medium text-zinc-300">Demo accounts · password <code className="text-fuchsia-300">{process.env.DEMO_PASSWORD ?? "market"}</code></p>
      <ul className="mt-2 grid grid-cols-2 gap-1">
        {DEMO_USERS.map((u) => (
          <li key={u.username}>
            <code className="text-zinc-200">{u.username}</code> <span className="text-zinc-500">{u.role}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { SignUpForm } from "@/components/auth/sign-up-form";

export const metadata: Metadata = { title: "Create your account · Realtime Market" };

export default async function SignUpPage() {
  if ((await auth())?.user) redirect("/");
  return (
    <main className="grid min-h-[calc(100dvh-3.5rem)] place-items-center px-4 py-10">
      <div className="w-full max-w-sm">
        <h1 className="text-3xl font-bold tracking-tight">Create your account</h1>
        <p className="mt-2 text-zinc-400">Like reels, message shops and follow your deliveries live.</p>
        <SignUpForm />
        <p className="mt-6 text-center text-sm text-zinc-400">
          Already have an account?{" "}
          <Link href="/login" className="text-fuchsia-300 underline focus-ring">
            Sign in
          </Link>
        </p>
      </div>
    </main>
  );
}

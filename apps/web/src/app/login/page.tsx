import type { Metadata } from "next";
import { Suspense } from "react";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default function LoginPage() {
  return (
    <main className="auth">
      <Suspense>
        <LoginForm />
      </Suspense>
    </main>
  );
}

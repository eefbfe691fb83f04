import type { Metadata } from "next";
import { Suspense } from "react";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot your password" };

export default function ForgotPasswordPage() {
  return (
    <main className="auth">
      <Suspense>
        <ForgotPasswordForm />
      </Suspense>
    </main>
  );
}

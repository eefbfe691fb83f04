import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { TrpcProvider } from "@/lib/trpc";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Lantern", template: "%s · Lantern" },
  description: "API security analytics from the access logs you already have",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: its scripts carry the nonce of this request's Content-Security-Policy (proxy.ts).
  await headers();
  return (
    <html lang="en">
      <body>
        <TrpcProvider>{children}</TrpcProvider>
      </body>
    </html>
  );
}

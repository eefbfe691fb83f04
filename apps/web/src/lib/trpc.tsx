"use client";
// The dashboard's tRPC client. Every call names the workspace in the URL
// (/w/<slug>/…) in a header; the server checks it against the session.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "@lantern/api/root";
import { WORKSPACE_HEADER } from "./workspace-header";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();
/** What each procedure returns, for components that take its rows as props. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

function currentWorkspaceSlug(): string | undefined {
  const match = /^\/w\/([^/]+)/.exec(window.location.pathname);
  return match?.[1];
}

export function TrpcProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            retry: (count, err) =>
              count < 2 &&
              !/NOT_FOUND|FORBIDDEN|UNAUTHORIZED/.test(String((err as { data?: { code?: string } })?.data?.code)),
            staleTime: 5_000,
          },
        },
      }),
  );
  const [client] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: "/api/trpc",
          transformer: superjson,
          headers: () => {
            const slug = currentWorkspaceSlug();
            return slug ? { [WORKSPACE_HEADER]: slug } : {};
          },
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** The message and per-field messages of a failed call, for forms. */
export function errorDetails(error: unknown): { message: string | null; fields: Record<string, string | undefined> } {
  if (!error) return { message: null, fields: {} };
  const e = error as { message?: string; data?: { fieldErrors?: Record<string, string[] | undefined> | null } };
  const fields = Object.fromEntries(Object.entries(e.data?.fieldErrors ?? {}).map(([k, v]) => [k, v?.[0]]));
  return { message: Object.keys(fields).length ? null : (e.message ?? "Something went wrong."), fields };
}

/** One line for an error box: the message, or the first field's message when the input was refused field by field. */
export function errorText(error: unknown): string | null {
  const { message, fields } = errorDetails(error);
  return message ?? Object.values(fields).find(Boolean) ?? null;
}

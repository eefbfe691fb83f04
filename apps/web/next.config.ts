import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript source; Next compiles them.
  transpilePackages: ["@lantern/api", "@lantern/services", "@lantern/db", "@lantern/engine", "@lantern/jobs"],
  // Native and driver packages load from node_modules at run time.
  serverExternalPackages: ["pg", "@prisma/client", "@prisma/adapter-pg", "bullmq", "ioredis"],
  poweredByHeader: false,
  // Type checking runs once for the whole monorepo (npm run typecheck), not again inside next build.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
      {
        // API answers hold workspace data: never kept by the browser or a proxy.
        source: "/api/:path*",
        headers: [{ key: "Cache-Control", value: "no-store" }],
      },
    ];
  },
};

export default config;

import type { Db } from "@lantern/db/client";
import type { JobsClient } from "@lantern/jobs/client";

export type ServiceConfig = {
  /** Public base URL of the dashboard, used in invitation links. */
  appUrl: string;
  /** Server secret (LANTERN_SECRET) used to seal secrets placed in job payloads. */
  secret: string;
  /** True when SMTP is configured and the worker can mail invitations. */
  mailEnabled: boolean;
  /** Where uploaded log files wait for the worker (shared by web, worker and CLI). */
  dataDir: string;
  /** New accounts one source may create in an hour (LANTERN_SIGN_UPS_PER_HOUR; default SIGN_UP_LIMIT). */
  signUpsPerHour?: number;
};

export type ServiceContext = {
  db: Db;
  jobs: JobsClient | null;
  config: ServiceConfig;
};

/** Where a request came from, for the audit log. */
export type RequestMeta = { ip: string | null; userAgent: string | null };

/** Who is acting: a signed-in person or an API token. */
export type Actor = { id: string; label: string };

/** The caller's standing in a workspace, resolved on the server. */
export type Membership = { tenantId: string; userId: string; role: import("@lantern/db/client").Role };

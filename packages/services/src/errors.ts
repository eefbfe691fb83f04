// Services throw AppError; one formatter per transport (tRPC, REST) maps the
// code to a status. Messages are written for the person who will read them.
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS"
  | "PAYLOAD_TOO_LARGE";

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Seconds after which a rate-limited caller may retry. */
  readonly retryAfterSeconds?: number;
  constructor(code: AppErrorCode, message: string, options: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
};

/** Another workspace's object and a missing one look the same from outside. */
export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);

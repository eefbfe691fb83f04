/** A link into the dashboard: the app's address (with or without a trailing slash), then the path. */
export const appLink = (appUrl: string, path: string) => `${appUrl.replace(/\/$/, "")}${path}`;

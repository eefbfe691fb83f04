// What kind of caller an actor is, in words.
export const ACTOR_KIND_LABEL: Record<string, string> = {
  jwt_sub: "user (JWT subject)",
  basic_user: "user (basic auth)",
  remote_user: "user",
  consumer: "gateway consumer",
  api_key: "API key",
  session: "session",
  bearer: "bearer token",
  jwt_client_id: "client app",
  ip: "address",
};
export const riskTone = (r: number) => (r >= 60 ? "danger" : r >= 30 ? "accent" : undefined);

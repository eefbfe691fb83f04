// A parse thread's entry: threads do not inherit the TypeScript loader the
// process runs under (tsx), so it is registered here before the thread's
// module is loaded.
import { register } from "tsx/esm/api";

register();
await import("./parse-thread.ts");

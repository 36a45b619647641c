import { Logger } from "graphile-worker";
import { log } from "@/lib/log";

/** graphile-worker's logger, quiet but for warnings and errors. */
export const quietLogger = new Logger(() => (level: string, message: string) => {
  if (level === "error") log().error({ source: "graphile-worker" }, message);
  else if (level === "warning") log().warn({ source: "graphile-worker" }, message);
});

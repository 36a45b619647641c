import { Logger } from "graphile-worker";

/** graphile-worker's logger, quiet but for warnings and errors. */
export const quietLogger = new Logger(() => (level: string, message: string) => {
  if (level === "error" || level === "warning") console.error(`[worker] ${message}`);
});

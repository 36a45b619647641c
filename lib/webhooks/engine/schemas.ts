// Input schemas of the engine's operations (browser-safe: the dashboard's forms use them too).
import { z } from "zod";
import { isoDate } from "@/lib/validation";

export const recoverSchema = z
  .object({ since: isoDate, until: isoDate.optional() })
  .refine((r) => !r.until || r.until > r.since, { message: "must be after since", path: ["until"] });
export type RecoverInput = z.infer<typeof recoverSchema>;

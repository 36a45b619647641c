// zod pieces every input schema shares (browser-safe).
import { z } from "zod";

/** An ISO 8601 date, as a Date. */
export const isoDate = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO 8601 date")
  .transform((s) => new Date(s));

import { notFound } from "next/navigation";
import { NotFound } from "@/lib/errors";

/** For server pages: another organization's (or a missing) id renders the 404 page. */
export async function orNotFound<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof NotFound) notFound();
    throw error;
  }
}

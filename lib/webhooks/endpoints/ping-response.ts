import { json } from "@/lib/api/handler";
import { PingFailed } from "@/lib/webhooks/endpoints/store";
import { serializePing } from "@/lib/webhooks/endpoints/ping";

/** 422 with `errors.url` plus what the test request got, so the form can show why it failed. */
export function pingFailureResponse(error: unknown): Response {
  if (error instanceof PingFailed) return json({ errors: error.errors, ping: serializePing(error.ping) }, 422);
  throw error;
}

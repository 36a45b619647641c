import { batchSchema, MAX_BATCH_BYTES, publishBatch } from "@/lib/operator/batch";
import { operatorRoute } from "@/lib/operator/route";

// up to 500 events for any tenants, one statement, an answer per item
export const POST = operatorRoute(
  { body: batchSchema, maxBodyBytes: MAX_BATCH_BYTES, action: "events.batch" },
  async ({ body, operator, note }) => {
    const answer = await publishBatch(body.events, `operator:${operator.keyId}`);
    note.detail = { accepted: answer.accepted, duplicate: answer.duplicate, invalid: answer.invalid };
    return answer;
  },
);

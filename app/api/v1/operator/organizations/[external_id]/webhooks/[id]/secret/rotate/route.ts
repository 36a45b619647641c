import { operatorRoute } from "@/lib/operator/route";
import { rotateSecret } from "@/lib/webhooks/endpoints/secrets";

export const POST = operatorRoute({ tenant: true, action: "webhook.secret.rotate" }, async ({ tenant, params, note }) => {
  note.target = params.id;
  return rotateSecret(tenant.id, params.id);
});

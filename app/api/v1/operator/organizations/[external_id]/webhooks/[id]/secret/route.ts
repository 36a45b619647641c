import { operatorRoute } from "@/lib/operator/route";
import { revealSecret } from "@/lib/webhooks/endpoints/secrets";

// revealing a secret is audited although it is a GET
export const GET = operatorRoute({ tenant: true, action: "webhook.secret.reveal" }, async ({ tenant, params, note }) => {
  note.target = params.id;
  return revealSecret(tenant.id, params.id);
});

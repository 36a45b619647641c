"use client";

/**
 * Where the webhook page shows its activity: health (success rate, latency, auto-disable countdown)
 * and the delivery log. Rendered between the settings and the secret; empty until that feature lands.
 */
export function WebhookActivitySlot({ webhookId, canChange }: { webhookId: string; canChange: boolean }) {
  void webhookId;
  void canChange;
  return null;
}

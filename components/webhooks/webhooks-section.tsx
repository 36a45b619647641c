"use client";

// Placeholder until the webhooks feature lands (issue: webhook endpoints).
export function WebhooksSection({ canChange }: { canChange: boolean }) {
  void canChange;
  return null;
}

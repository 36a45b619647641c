// The one query-key factory: every TanStack Query key of the dashboard comes from here.
import type { Environment } from "@/lib/webhooks/environments";

export const queryKeys = {
  tokens: () => ["tokens"] as const,
  members: () => ["members"] as const,
  eventTypes: () => ["event-types"] as const,
  notifications: {
    all: () => ["notifications"] as const,
    list: () => ["notifications", "list"] as const,
    preferences: () => ["notifications", "preferences"] as const,
    chat: () => ["notifications", "chat"] as const,
  },
  webhooks: {
    all: () => ["webhooks"] as const,
    /** one environment's list; without one, every list (to invalidate them all) */
    list: (environment?: Environment) => (environment ? (["webhooks", "list", environment] as const) : (["webhooks", "list"] as const)),
    detail: (id: string) => ["webhooks", "detail", id] as const,
    secret: (id: string) => ["webhooks", "secret", id] as const,
    health: (id: string) => ["webhooks", "health", id] as const,
    deliveries: (id: string, filters: Record<string, string>) => ["webhooks", "deliveries", id, filters] as const,
    /** every delivery-log query of one endpoint, whatever its filters */
    deliveriesOf: (id: string) => ["webhooks", "deliveries", id] as const,
    /** progress of a "Recuperar falhas" window; under health(id), so refreshing the health refreshes it too */
    recovery: (id: string, range: { from: string; to: string }) => ["webhooks", "health", id, range] as const,
  },
  deliveries: {
    detail: (id: string) => ["deliveries", "detail", id] as const,
    /** "Falhas": the organization's failed deliveries across webhooks */
    failures: (filters: Record<string, string>) => ["deliveries", "failures", filters] as const,
    allFailures: () => ["deliveries", "failures"] as const,
  },
  events: {
    all: () => ["events"] as const,
    list: (filters: Record<string, string>) => ["events", "list", filters] as const,
    detail: (id: string) => ["events", "detail", id] as const,
  },
};

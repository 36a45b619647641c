// The one query-key factory: every TanStack Query key of the dashboard comes from here.
export const queryKeys = {
  tokens: () => ["tokens"] as const,
  members: () => ["members"] as const,
  eventTypes: () => ["event-types"] as const,
  webhooks: {
    all: () => ["webhooks"] as const,
    list: () => ["webhooks", "list"] as const,
    detail: (id: string) => ["webhooks", "detail", id] as const,
    secret: (id: string) => ["webhooks", "secret", id] as const,
    health: (id: string) => ["webhooks", "health", id] as const,
    deliveries: (id: string, filters: Record<string, string>) => ["webhooks", "deliveries", id, filters] as const,
  },
  deliveries: {
    detail: (id: string) => ["deliveries", "detail", id] as const,
  },
  events: {
    list: (filters: Record<string, string>) => ["events", "list", filters] as const,
  },
};

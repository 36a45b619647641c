// JSON shapes of the REST API: snake_case fields, ISO dates.
export function serializeToken(t: {
  id: string;
  name: string;
  prefix: string;
  scope: string;
  environment: string | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scope: t.scope,
    environment: t.environment,
    last_used_at: t.lastUsedAt?.toISOString() ?? null,
    created_at: t.createdAt.toISOString(),
  };
}

export function serializeMember(m: { role: string; createdAt: Date; user: { id: string; name: string; email: string } }) {
  return { user_id: m.user.id, name: m.user.name, email: m.user.email, role: m.role, joined_at: m.createdAt.toISOString() };
}

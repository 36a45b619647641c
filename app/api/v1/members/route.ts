import { route } from "@/lib/api/next-route";
import { listMembers } from "@/lib/auth/accounts";
import { serializeMember } from "@/lib/api/serialize";

export const GET = route({}, async ({ principal }) => ({ members: (await listMembers(principal.organizationId)).map(serializeMember) }));

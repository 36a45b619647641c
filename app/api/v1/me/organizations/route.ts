import { route } from "@/lib/api/next-route";
import { listOrganizations } from "@/lib/api/me";

export const GET = route({}, async ({ principal }) => listOrganizations(principal));

import { route } from "@/lib/api/next-route";
import { describePrincipal } from "@/lib/api/me";

export const GET = route({}, async ({ principal }) => describePrincipal(principal));

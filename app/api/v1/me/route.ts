import { route } from "@/lib/api/handler";
import { describePrincipal } from "@/lib/api/me";

export const GET = route({}, async ({ principal }) => describePrincipal(principal));

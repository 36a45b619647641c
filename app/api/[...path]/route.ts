// Any /api path without a handler: JSON 404, never Next's HTML page.
import { json } from "@/lib/api/handler";

const notFound = () => json({ errors: ["no such API route"] }, 404);
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };

// Any /api path without a handler: JSON 404, never Next's HTML page.
import { NotFound } from "@/lib/errors";
import { toResponse } from "@/lib/api/next-route";
import { errorReply } from "@/lib/api/route";

const notFound = async () => toResponse(errorReply(new NotFound("no such API route")));
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };

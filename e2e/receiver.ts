// A webhook receiver on 127.0.0.1 (port 0) inside the test process: it records every request and
// answers what the test decides, so a spec can check exactly what the app sent.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** the envelope's `type` ("webhook.test" for the test ping), or undefined when the body is not JSON */
  type: string | undefined;
}

export interface Reply {
  status: number;
  body?: string;
}

export type Responder = (request: ReceivedRequest, index: number) => Reply | Promise<Reply>;

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** requests other than the `webhook.test` ping */
  events(): ReceivedRequest[];
  pings(): ReceivedRequest[];
  close(): Promise<void>;
}

export const isPing = (request: ReceivedRequest) => request.type === "webhook.test";

function envelopeType(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === "object" && parsed !== null && "type" in parsed && typeof parsed.type === "string" ? parsed.type : undefined;
  } catch {
    return undefined;
  }
}

/** Starts a receiver; `respond` is called for each request (200 "ok" by default). */
export async function startReceiver(respond: Responder = () => ({ status: 200 })): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const request: ReceivedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body,
        type: envelopeType(body),
      };
      requests.push(request);
      const reply = await respond(request, requests.length - 1);
      res.writeHead(reply.status, { "content-type": "text/plain; charset=utf-8" });
      res.end(reply.body ?? "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/nfe`,
    requests,
    events: () => requests.filter((r) => !isPing(r)),
    pings: () => requests.filter(isPing),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A promise the test resolves later: lets a receiver hold a request open until the test says so. */
export function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

/** The space-separated `v1,<base64>` signatures of a request. */
export function signatures(request: ReceivedRequest): string[] {
  return String(request.headers["webhook-signature"] ?? "")
    .split(" ")
    .filter(Boolean);
}

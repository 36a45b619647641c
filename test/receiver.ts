// A loopback webhook receiver for engine tests: records every request with its arrival time and
// `webhook-id`, and answers as the test's `reply` says (status, headers, body, delays, or never).
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Arrival {
  /** Date.now() when the request body was fully read */
  at: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  webhookId: string;
}

/** Answers one request; `index` counts arrivals from 0 (per receiver). May answer late or never. */
export type Reply = (arrival: Arrival, res: ServerResponse, index: number, req: IncomingMessage) => void;

export interface Receiver {
  url: string;
  arrivals: Arrival[];
  reply: Reply;
  /** arrivals per webhook-id */
  countsById(): Map<string, number>;
  close(): Promise<void>;
}

export const answer =
  (status: number, body = "ok", headers: Record<string, string> = {}): Reply =>
  (_arrival, res) =>
    void res.writeHead(status, { "content-type": "text/plain", ...headers }).end(body);

/** Fails (500) the first `failures` requests, then answers 200. */
export const failFirst =
  (failures: number): Reply =>
  (arrival, res, index, req) =>
    answer(index < failures ? 500 : 200)(arrival, res, index, req);

export async function startReceiver(reply: Reply = answer(200)): Promise<Receiver> {
  const arrivals: Arrival[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // the sender went away mid-body
    }
    const arrival: Arrival = {
      at: Date.now(),
      method: req.method ?? "",
      path: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
      webhookId: String(req.headers["webhook-id"] ?? ""),
    };
    const index = arrivals.push(arrival) - 1;
    res.on("error", () => undefined);
    receiver.reply(arrival, res, index, req);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hooks`,
    arrivals,
    reply,
    countsById: () => {
      const counts = new Map<string, number>();
      for (const a of arrivals) counts.set(a.webhookId, (counts.get(a.webhookId) ?? 0) + 1);
      return counts;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}

/** A loopback URL nothing listens on (its port was free a moment ago): every request is refused. */
export async function refusingUrl(): Promise<string> {
  const receiver = await startReceiver();
  await receiver.close();
  return receiver.url;
}

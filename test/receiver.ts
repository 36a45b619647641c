// The loopback webhook receiver of unit tests, e2e specs and the bench: an HTTP server on
// 127.0.0.1 that records every request before answering it as its `reply` says.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import { connect, type AddressInfo } from "node:net";

export interface ReceivedRequest {
  /** position among this receiver's requests, from 0 */
  index: number;
  /** ms since the epoch (sub-ms precision) when the body was fully read */
  at: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** the `webhook-id` header, "" without one */
  webhookId: string;
  /** the envelope's `type` ("webhook.test" for the test ping), undefined when the body is not an envelope */
  type: string | undefined;
}

/** Answers one request through `res`; it may answer late, or never. */
export type Reply = (request: ReceivedRequest, res: ServerResponse) => void;

export interface ReceiverOptions {
  /** 127.0.0.1 unless given (another loopback address, or "::1") */
  host?: string;
  /** a free port unless given */
  port?: number;
  /** false keeps no request (`requests` stays empty): for the bench's hundreds of thousands */
  record?: boolean;
  /** ms an idle keep-alive connection stays open (Node's 5 s unless given) */
  keepAliveTimeout?: number;
}

export interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** how the receiver answers; replace it to answer differently from now on */
  reply: Reply;
  /** TCP connections accepted so far */
  connections(): number;
  /** recorded requests per webhook-id */
  countsById(): Map<string, number>;
  /** the `webhook.test` pings */
  pings(): ReceivedRequest[];
  /** every request but the pings */
  events(): ReceivedRequest[];
  /** closes every connection, then the server */
  close(): Promise<void>;
}

/** Answers `status` with a plain-text `body` and any extra `headers`. */
export const answer =
  (status: number, body = "ok", headers: Record<string, string> = {}): Reply =>
  (_request, res) =>
    void res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers }).end(body);

/** Fails (500) the first `failures` requests, then answers 200. */
export const failFirst =
  (failures: number): Reply =>
  (request, res) =>
    answer(request.index < failures ? 500 : 200)(request, res);

/** Replies `ms` after the request arrived (200 "ok" unless told). */
export const delayed =
  (ms: number, reply: Reply = answer(200)): Reply =>
  (request, res) =>
    void setTimeout(() => reply(request, res), ms);

export async function startReceiver(reply: Reply = answer(200), options: ReceiverOptions = {}): Promise<Receiver> {
  const { host = "127.0.0.1", port = 0, record = true, keepAliveTimeout } = options;
  const requests: ReceivedRequest[] = [];
  let received = 0;
  let connections = 0;
  // events, not `for await`: cheaper per request, and the bench's raw-HTTP ceiling runs through here
  const server = createServer({ keepAliveTimeout }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const request: ReceivedRequest = {
        index: received++,
        at: performance.timeOrigin + performance.now(),
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body,
        webhookId: String(req.headers["webhook-id"] ?? ""),
        type: envelopeType(body),
      };
      if (record) requests.push(request);
      res.on("error", () => undefined);
      receiver.reply(request, res);
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}/hooks`,
    port: address.port,
    requests,
    reply,
    connections: () => connections,
    countsById: () => {
      const counts = new Map<string, number>();
      for (const r of requests) counts.set(r.webhookId, (counts.get(r.webhookId) ?? 0) + 1);
      return counts;
    },
    pings: () => requests.filter((r) => r.type === "webhook.test"),
    events: () => requests.filter((r) => r.type !== "webhook.test"),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}

function envelopeType(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === "object" && parsed !== null && "type" in parsed && typeof parsed.type === "string" ? parsed.type : undefined;
  } catch {
    return undefined;
  }
}

/** A loopback URL nothing listens on (its port was free a moment ago): every request is refused. */
/**
 * A port below the kernel's ephemeral range (32768 and up), so no receiver a test starts (listen on
 * port 0) can take it, in this file or one running alongside. A port a closed receiver had just
 * freed could be taken by one, and then answer. Not on the Fetch standard's list of blocked ports.
 */
const REFUSING_PORT = 1000;
let refusingPort: Promise<number> | undefined;
let refusingUrls = 0;

/** Whether a connection to 127.0.0.1:`port` is refused (nothing listens there). */
function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

/** A URL whose connections are refused (a different path each time). */
export async function refusingUrl(): Promise<string> {
  refusingPort ??= refuses(REFUSING_PORT).then(async (refused) => {
    if (refused) return REFUSING_PORT;
    // something listens there on this machine: a port a closed receiver freed
    const receiver = await startReceiver();
    await receiver.close();
    return Number(new URL(receiver.url).port);
  });
  return `http://127.0.0.1:${await refusingPort}/refused/${++refusingUrls}`;
}

/** A promise the test resolves later: lets a reply hold a request open until the test says so. */
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

// Loopback HTTP receivers for webhook tests: they record every request and answer as the test says.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type AddressInfo } from "node:net";

export type Received = { method: string; url: string; headers: IncomingHttpHeaders; body: string };
export type Respond = (req: IncomingMessage, res: ServerResponse) => void;

export interface Receiver {
  url: string;
  requests: Received[];
  connections: () => number;
  /** replace how the receiver answers from now on */
  respond: Respond;
  close: () => Promise<void>;
}

const ok: Respond = (_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("ok");

/** An HTTP server on 127.0.0.1 and a free port. A request is recorded before it is answered. */
export async function startReceiver(respond: Respond = ok): Promise<Receiver> {
  const requests: Received[] = [];
  let connections = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
    receiver.respond(req, res);
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    connections: () => connections,
    respond,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}

/** A loopback port nothing listens on (it was free a moment ago): connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

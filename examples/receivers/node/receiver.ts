// A minimal NF-e Webhooks receiver in Node (TypeScript): verifies the Standard Webhooks signature
// with the `standardwebhooks` library, ignores a webhook-id it has already processed, answers 2xx.
//   WEBHOOK_SECRET=whsec_… PORT=8080 node --import tsx receiver.ts
import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";

const webhook = new Webhook(process.env.WEBHOOK_SECRET!);
const seen = new Set<string>(); // use your database in production: the same event may come twice

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    let event: { type?: string };
    try {
      // checks the signature (any of the v1 values) and that the timestamp is within 5 minutes
      event = webhook.verify(body, req.headers as Record<string, string>) as { type?: string };
    } catch (error) {
      console.log(`rejected ${(error as Error).message}`);
      return void res.writeHead(400).end();
    }
    const id = String(req.headers["webhook-id"]);
    if (seen.has(id)) console.log(`duplicate ${id}`);
    else {
      seen.add(id);
      console.log(`accepted ${id} ${event.type}`); // process the event here
    }
    res.writeHead(204).end();
  });
});
server.listen(Number(process.env.PORT ?? 8080), "127.0.0.1", () => console.log("listening"));

// `npm run worker`: one more delivery worker process, on this machine or another one with the same
// DATABASE_URL and ENCRYPTION_KEY. On the app's machine both default to what `npm start` uses in
// DATA_DIR (its running embedded PostgreSQL and its generated key).
import { parseEnv } from "@/lib/env";
import { runningEmbeddedUrl } from "@/lib/db/embedded";
import { loadOrCreateSecrets } from "@/lib/runtime/secrets";

const settings = parseEnv(process.env);
process.env.DATABASE_URL ??= runningEmbeddedUrl(settings.DATA_DIR);
process.env.ENCRYPTION_KEY ??= loadOrCreateSecrets(settings.DATA_DIR).encryptionKey;

void import("@/lib/webhooks/engine/worker").then(({ runWorkerProcess }) => runWorkerProcess());

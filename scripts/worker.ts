// `npm run worker`: one delivery worker process (the launcher runs one inside `npm start`).
import { runWorkerProcess } from "@/lib/webhooks/worker";

void runWorkerProcess();

// Runs `prisma generate` offline. The Prisma CLI refuses to start without its schema engine binary,
// which cannot be downloaded here and which generate never uses: point it at any existing file, for
// this child process only (set globally, `prisma migrate deploy` silently does nothing).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const cli = path.join("node_modules", "prisma", "build", "index.js");
if (!existsSync(cli) || !existsSync("prisma/schema.prisma")) process.exit(0);

const env = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
const result = spawnSync(process.execPath, [cli, "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);

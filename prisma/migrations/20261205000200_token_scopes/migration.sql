-- What a token may do, chosen at creation: publish events only, read, or everything (admin).
-- Older tokens keep what they could do (admin); their creator's current role still bounds them.
CREATE TYPE "TokenScope" AS ENUM ('publish', 'read', 'admin');
ALTER TABLE "api_tokens" ADD COLUMN "scope" "TokenScope" NOT NULL DEFAULT 'admin';
-- null: the organization's default (PUBLISH_RATE_PER_S); 0: no limit (operator tokens from `npm run token`)
ALTER TABLE "api_tokens" ADD COLUMN "publish_rate_per_s" INTEGER;

-- The organization a session works in: the sign-in's (the user's first membership), then whichever
-- the user switches to (POST /api/v1/me/organization). Null for sessions opened before this column:
-- they keep the organization their cookie names. A deleted organization leaves its sessions to fall
-- back to the cookie's.
ALTER TABLE "sessions" ADD COLUMN "organization_id" UUID;
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

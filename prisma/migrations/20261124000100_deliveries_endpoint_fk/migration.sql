-- Every delivery inserted checked its endpoint with a FOR KEY SHARE lock on the endpoint row; the
-- concurrent publishes fanning out to the same endpoints turned those locks into multixacts (~20 %
-- of PostgreSQL's time per delivery at 10 endpoints). Endpoints are never hard-deleted (only
-- soft-deleted; an organization's deletion removes its events, and with them their deliveries), and
-- deliveries are only created by the publish statement, which joins the endpoints it names.
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_endpoint_id_fkey";

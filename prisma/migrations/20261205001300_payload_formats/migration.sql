-- The body each endpoint gets: the standard envelope, one of the five source APIs' formats, or the
-- thin one; with or without personal data. Each attempt records the format it was sent in, so the
-- log shows the body as it went even after the endpoint's format changes.
ALTER TABLE "endpoints" ADD COLUMN "payload_format" TEXT NOT NULL DEFAULT 'standard';
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_payload_format_check"
  CHECK ("payload_format" IN ('standard', 'focus', 'fast_notas', 'emites', 'cobrato', 'nfeio', 'thin'));
ALTER TABLE "endpoints" ADD COLUMN "redact_personal" BOOLEAN NOT NULL DEFAULT false;
-- "<format>" or "<format>+redacted"; null: the standard envelope (attempts made before formats existed)
ALTER TABLE "attempts" ADD COLUMN "body_format" TEXT;

-- What a message is about (e.g. "endpoint_disabled:<endpoint id>"): alerts are sent at most once an
-- hour per subject.
ALTER TABLE "messages" ADD COLUMN "subject_key" TEXT;
CREATE INDEX "messages_subject_key_created_at_idx" ON "messages"("subject_key", "created_at");

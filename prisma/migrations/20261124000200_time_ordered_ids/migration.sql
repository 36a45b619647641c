-- Time-ordered ids (UUID version 7) for events and deliveries: random (v4) keys put every insert
-- on a random page of the primary-key index, and after each checkpoint the first change to each of
-- those pages writes a full 8 KB page image to the WAL. A portable function (PostgreSQL 18 has
-- uuidv7() built in; external servers may be older). The publish statement gives events their id
-- (lib/ids.ts: uuidv7) and lets deliveries take this default.
CREATE FUNCTION "uuid_v7"() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
        placing substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
        FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;
ALTER TABLE "events" ALTER COLUMN "id" SET DEFAULT "uuid_v7"();
ALTER TABLE "deliveries" ALTER COLUMN "id" SET DEFAULT "uuid_v7"();

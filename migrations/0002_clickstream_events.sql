-- Enriched clickstream rows as the JDBC sink connector upserts them from topic `enriched-clickstream`.
-- The primary key (user_id, timestamp) is the sink's pk.fields, so redelivered events upsert instead of duplicating.
CREATE TABLE clickstream_events (
  "timestamp"  timestamptz NOT NULL,
  user_id      integer NOT NULL,
  device_id    integer NOT NULL,
  url          text NOT NULL,
  user_name    text,
  device_type  text,
  url_category text,
  PRIMARY KEY (user_id, "timestamp")
);

-- Serves the typed query's common shapes: newest first, optionally per category or device type.
-- The trailing user_id makes the (timestamp, user_id) keyset order fully indexed.
CREATE INDEX clickstream_events_ts_idx ON clickstream_events ("timestamp" DESC, user_id DESC);
CREATE INDEX clickstream_events_category_ts_idx ON clickstream_events (url_category, "timestamp" DESC, user_id DESC);
CREATE INDEX clickstream_events_device_ts_idx ON clickstream_events (device_type, "timestamp" DESC, user_id DESC);

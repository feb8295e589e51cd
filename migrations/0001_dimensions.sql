-- Dimension tables the enrichment worker joins clickstream events against (users, devices, urls).
-- Small, slowly changing, keyed by the ids that appear in the raw `clickstream` topic.
CREATE TABLE users (
  user_id    integer PRIMARY KEY,
  user_name  text NOT NULL,
  email      text NOT NULL,
  country    text NOT NULL,
  signup_at  timestamptz NOT NULL
);

CREATE TABLE devices (
  device_id   integer PRIMARY KEY,
  device_type text NOT NULL,
  os          text NOT NULL
);

CREATE TABLE urls (
  url          text PRIMARY KEY,
  url_category text NOT NULL
);

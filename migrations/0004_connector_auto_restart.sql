-- Auto-restart policies of Kafka Connect connectors (setConnectorAutoRestart), one row per cluster and connector, and
-- where each stands: restart_count restarts since the last reset and the time of the last one. The status poller of
-- every pipegraph instance reads this table; a restart is claimed by advancing restart_count from the value it read,
-- so several instances never restart the same failure twice.
CREATE TABLE connector_auto_restart (
  cluster         text NOT NULL,
  connector       text NOT NULL,
  enabled         boolean NOT NULL,
  -- NULL: no limit (restarts go on at the capped backoff)
  max_restarts    integer CHECK (max_restarts IS NULL OR max_restarts >= 1),
  restart_count   integer NOT NULL DEFAULT 0 CHECK (restart_count >= 0),
  last_restart_at timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cluster, connector)
);

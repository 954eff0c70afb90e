-- Live listener health checks (an extension, off by default).

-- What a status change was about, when its operation alone does not say it (a health check names the listener and
-- the backends that failed).
ALTER TABLE instance_events ADD COLUMN detail VARCHAR(512);

-- The nodes that take a share of the probes: each node with instances to probe refreshes its row every few seconds;
-- instances are shared among the rows seen recently (hash of the instance id modulo their number).
CREATE TABLE health_nodes (
    node    VARCHAR(160) PRIMARY KEY,
    seen_at BIGINT       NOT NULL
);

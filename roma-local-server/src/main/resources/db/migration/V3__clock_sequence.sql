-- The lifecycle clock's sequence: every move of the clock increments it, and a node keeps the state with the highest
-- sequence it has seen, so a slow read can never take the node's clock back to an older state.
ALTER TABLE sim_clock ADD COLUMN seq BIGINT DEFAULT 0 NOT NULL;

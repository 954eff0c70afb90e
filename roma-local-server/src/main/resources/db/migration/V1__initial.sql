-- ROMA Local store, version 1. Dialect-neutral SQL: it runs unchanged on H2 2.x and PostgreSQL 15+.

CREATE TABLE domains (
    id   VARCHAR(64) PRIMARY KEY,
    name VARCHAR(64) NOT NULL UNIQUE
);

CREATE TABLE projects (
    id          VARCHAR(128) PRIMARY KEY,
    name        VARCHAR(64)  NOT NULL,
    domain_id   VARCHAR(64)  NOT NULL REFERENCES domains (id),
    description VARCHAR(255) NOT NULL,
    enabled     BOOLEAN      NOT NULL
);
CREATE UNIQUE INDEX projects_domain_name ON projects (domain_id, name);

CREATE TABLE users (
    id            VARCHAR(64)  PRIMARY KEY,
    domain_id     VARCHAR(64)  NOT NULL REFERENCES domains (id),
    name          VARCHAR(64)  NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    admin         BOOLEAN      NOT NULL,
    enabled       BOOLEAN      NOT NULL
);
CREATE UNIQUE INDEX users_domain_name ON users (domain_id, name);

-- Secret keys are sealed (AES-GCM under the master key): the server needs them back to check signatures.
CREATE TABLE access_keys (
    access_key    VARCHAR(64)  PRIMARY KEY,
    user_id       VARCHAR(64)  NOT NULL REFERENCES users (id),
    secret_sealed VARCHAR(512) NOT NULL,
    enabled       BOOLEAN      NOT NULL,
    created_at    BIGINT       NOT NULL
);

-- Tokens are stored by their SHA-256 only.
CREATE TABLE tokens (
    token_hash VARCHAR(64)  PRIMARY KEY,
    user_id    VARCHAR(64)  NOT NULL REFERENCES users (id),
    project_id VARCHAR(128),
    domain_scoped BOOLEAN   NOT NULL,
    issued_at  BIGINT       NOT NULL,
    expires_at BIGINT       NOT NULL,
    revoked    BOOLEAN      NOT NULL
);
CREATE INDEX tokens_user ON tokens (user_id);
CREATE INDEX tokens_expiry ON tokens (expires_at);

-- The instance aggregate: its document plus the columns the lists filter and order by.
CREATE TABLE instances (
    id            VARCHAR(64)      PRIMARY KEY,
    project_id    VARCHAR(128)     NOT NULL,
    coarse_status VARCHAR(32)      NOT NULL,
    create_time   BIGINT           NOT NULL,
    version       BIGINT           NOT NULL,
    doc           VARCHAR(1000000) NOT NULL
);
CREATE INDEX instances_project_order ON instances (project_id, create_time, id);
CREATE INDEX instances_project_status ON instances (project_id, coarse_status, create_time, id);

-- Subnets ROMA Local knows the CIDR of; an unknown subnet gets a CIDR derived from its id. free_hint is a lower
-- bound of the lowest free address (as a number): allocation scans from there.
CREATE TABLE subnets (
    id        VARCHAR(64) PRIMARY KEY,
    cidr      VARCHAR(64) NOT NULL,
    free_hint BIGINT      NOT NULL
);

-- Every address handed out in a subnet (also as a number, to find free ones in order); the primary key makes a
-- double allocation impossible, on any node.
CREATE TABLE ip_allocations (
    subnet_id   VARCHAR(64) NOT NULL,
    address     VARCHAR(64) NOT NULL,
    num         BIGINT      NOT NULL,
    instance_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (subnet_id, address)
);
CREATE UNIQUE INDEX ip_allocations_order ON ip_allocations (subnet_id, num);
CREATE INDEX ip_allocations_instance ON ip_allocations (instance_id);

-- How many instances each project holds, kept in step with the instances table by every write that adds or removes
-- one (in the same transaction): the quota check of a create reads one row instead of counting the project's
-- instances, and the row's lock takes the place of the project's row lock that serialized those counts.
CREATE TABLE instance_counts (
    project_id VARCHAR(128) PRIMARY KEY,
    instances  INTEGER      NOT NULL
);

INSERT INTO instance_counts (project_id, instances)
SELECT project_id, COUNT(*) FROM instances GROUP BY project_id;

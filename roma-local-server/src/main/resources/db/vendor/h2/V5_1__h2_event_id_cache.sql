-- H2 only: H2 commits each refill of an identity's cache (32 values by default), which made bulk seeding crawl
-- (100,000 instances took minutes). H2 hands cached values out in order to every session, so history ids stay
-- monotonic. (PostgreSQL caches per session, which would not: it keeps its default.)
-- Version 5.1: until 0.1 this script sat under version 3, which the shared V3 also took, and was never run.
ALTER TABLE instance_events ALTER COLUMN id SET CACHE 10000;

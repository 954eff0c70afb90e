-- H2 only: H2 commits each refill of an identity's cache (32 values by default), which made bulk seeding crawl
-- (100,000 instances took minutes). H2 hands cached values out in order to every session, so history ids stay
-- monotonic. (PostgreSQL caches per session, which would not: it keeps its default.)
ALTER TABLE instance_events ALTER COLUMN id SET CACHE 10000;

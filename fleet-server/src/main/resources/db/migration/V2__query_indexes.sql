-- Covering index for the hourly rollup reads (KPIs over weeks). On H2 the composite primary key (series_id, bucket)
-- is a secondary index over a hidden row id, so every rollup row a query reads by key costs one more random lookup
-- of the row itself; rows of one series are scattered by insertion time, so a 30-day KPI read one page per row. This
-- index holds every column the queries read, so H2 (and PostgreSQL, as an index-only scan) answers from the index
-- alone: on the city benchmark database a 30-day KPI report went from about 9 s to about 1 s.
-- rollup_1m has no such index: in a backfill every reading makes a new minute row, and the index would double the
-- cost of the rollup job exactly when it has the most to do (a 24-hour minute series stays well under 100 ms
-- without it). rollup_1d is read a few hundred rows at a time at most.
CREATE INDEX rollup_1h_values ON rollup_1h (series_id, bucket, cnt, sum_v, min_v, max_v);

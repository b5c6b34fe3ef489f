-- PostgreSQL's 0007 turns on row-level security per dealership. SQLite has none: a
-- SQLite portal is one process on one file, and its stores' PDN filters are the guard.
-- This migration keeps the two backends' version numbers in step.
SELECT 1;

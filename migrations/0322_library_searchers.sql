-- Who typed a search, as a keyed hash (of the account, or of the address for anonymous
-- readers), so statistics list a query only once several different people have typed it.
-- Searches recorded before this have none and are counted in totals only.
ALTER TABLE library_events ADD COLUMN reader text;

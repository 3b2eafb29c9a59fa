-- Document number keys lose the leading zeros of the number ("02/2011/qh13" → "2/2011/qh13"),
-- so "2/2011/QH13" finds the law numbered "02/2011/QH13". The search rows follow by trigger.
UPDATE library_documents
SET number_key = regexp_replace(number_key, '^0+([0-9])', '\1'),
  number_keys = ARRAY(SELECT regexp_replace(k, '^0+([0-9])', '\1') FROM unnest(number_keys) AS k)
WHERE number_key ~ '^0[0-9]' OR EXISTS (SELECT 1 FROM unnest(number_keys) AS k WHERE k ~ '^0[0-9]');

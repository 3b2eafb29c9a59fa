-- Phrase search by word pairs: the whole-text vector also holds each pair of adjacent words as a
-- position-free lexeme ("nhan dan"), so a quoted phrase is an AND of its pairs that the GIN index
-- answers without reading any document. search_version says which vectors hold the pairs;
-- documents indexed before are redone from their passages when the server starts.
ALTER TABLE library_documents ADD COLUMN search_version smallint NOT NULL DEFAULT 0;

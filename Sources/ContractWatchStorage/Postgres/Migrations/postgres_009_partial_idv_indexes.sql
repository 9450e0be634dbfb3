-- Orders are found under their IDV by the IDV's key, never empty; most contracts are under no IDV
-- (''). Joining a list of contract keys, the planner, not knowing which keys are empty, read
-- (agency, PIID, '', '') through the IDV index: 71,000 rows a key at a million actions, and a
-- second to cite a feed's contracts. The IDV indexes now hold only the contracts under an IDV,
-- so the key's unique index is the one that serves a whole key.
DROP INDEX contracts_by_idv;
CREATE INDEX contracts_by_idv ON contracts(idv_agency_id, idv_piid) WHERE idv_piid <> '';
DROP INDEX contracts_by_idv_piid;
CREATE INDEX contracts_by_idv_piid ON contracts(idv_piid) WHERE idv_piid <> '';

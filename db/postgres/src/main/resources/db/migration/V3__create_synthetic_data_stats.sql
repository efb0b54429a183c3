-- How self-specialization's generated examples fared: one row for those kept, one per reason others were dropped.
CREATE TABLE synthetic_data_stats (
    artifact_sha256 text    NOT NULL REFERENCES artifact (sha256),
    domain          text    NOT NULL,
    outcome         text    NOT NULL CHECK (outcome <> ''),
    count           integer NOT NULL CHECK (count >= 0),
    PRIMARY KEY (artifact_sha256, outcome)
);

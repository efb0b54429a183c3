-- Artifacts are files named by their content (sha256). A recipe key (sha256 of the canonical recipe JSON) finds the
-- artifact a step already made, so a retried or repeated step reuses it instead of recomputing.
CREATE TABLE artifact (
    sha256     text        PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    kind       text        NOT NULL,
    size_bytes bigint      NOT NULL CHECK (size_bytes >= 0),
    uri        text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE artifact_recipe (
    recipe_key text  PRIMARY KEY,
    sha256     text  NOT NULL REFERENCES artifact (sha256),
    kind       text  NOT NULL,
    recipe     jsonb NOT NULL
);

CREATE INDEX artifact_recipe_sha256_idx ON artifact_recipe (sha256);

-- role says what the parent was to the child, e.g. 'base', 'training-data', 'expert:math'.
CREATE TABLE artifact_lineage (
    child_sha256  text NOT NULL REFERENCES artifact (sha256),
    parent_sha256 text NOT NULL REFERENCES artifact (sha256),
    role          text NOT NULL,
    PRIMARY KEY (child_sha256, parent_sha256, role),
    CHECK (child_sha256 <> parent_sha256)
);

CREATE INDEX artifact_lineage_parent_idx ON artifact_lineage (parent_sha256);

-- role names the artifact's part in the experiment, e.g. 'expert:math', 'router', 'merged:ties'.
CREATE TABLE experiment_artifact (
    experiment_id text NOT NULL REFERENCES experiment (id),
    role          text NOT NULL,
    sha256        text NOT NULL REFERENCES artifact (sha256),
    PRIMARY KEY (experiment_id, role)
);

CREATE INDEX experiment_artifact_sha256_idx ON experiment_artifact (sha256);

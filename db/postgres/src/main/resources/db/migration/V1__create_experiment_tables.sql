-- Sweeps group experiments that differ in one setting (the paper's Tables 2 and 4); an experiment is one Temporal
-- workflow, keyed by its workflow id so that a retried start finds its own row.
CREATE TABLE sweep (
    id         text        PRIMARY KEY,
    name       text        NOT NULL,
    spec       jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE experiment (
    id          text        PRIMARY KEY,
    name        text        NOT NULL,
    spec        jsonb       NOT NULL,
    spec_hash   text        NOT NULL,
    sweep_id    text        REFERENCES sweep (id),
    cell_label  text,
    status      text        NOT NULL DEFAULT 'running'
                            CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    CHECK (cell_label IS NULL OR sweep_id IS NOT NULL)
);

CREATE INDEX experiment_sweep_id_idx ON experiment (sweep_id);

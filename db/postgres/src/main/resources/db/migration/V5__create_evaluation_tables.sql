-- An evaluation is keyed by its recipe (model variant's artifacts, benchmark, shots, limit, draw seed), so the same
-- model scored the same way is stored once however many experiments or retries ask for it.
CREATE TABLE evaluation (
    eval_key   text             PRIMARY KEY,
    benchmark  text             NOT NULL,
    shots      integer          NOT NULL CHECK (shots >= 0),
    limit_n    integer          CHECK (limit_n > 0),
    draw_seed  bigint           NOT NULL,
    score      double precision NOT NULL,
    n          integer          NOT NULL CHECK (n >= 0),
    ci_low     double precision,
    ci_high    double precision,
    sub_scores jsonb,
    created_at timestamptz      NOT NULL DEFAULT now()
);

CREATE TABLE evaluation_item (
    eval_key   text             NOT NULL REFERENCES evaluation (eval_key),
    item_index integer          NOT NULL CHECK (item_index >= 0),
    item_id    text             NOT NULL,
    item_group text,
    prompt     text             NOT NULL,
    output     text             NOT NULL,
    extracted  text,
    target     text             NOT NULL,
    correct    boolean          NOT NULL,
    score      double precision NOT NULL,
    PRIMARY KEY (eval_key, item_index)
);

-- Which evaluation stands for a variant on a benchmark in an experiment; draw numbers repeated evaluations with
-- different seeds, averaged in the paper-shaped views.
CREATE TABLE experiment_evaluation (
    experiment_id text    NOT NULL REFERENCES experiment (id),
    variant       text    NOT NULL,
    benchmark     text    NOT NULL,
    draw          integer NOT NULL CHECK (draw >= 0),
    eval_key      text    NOT NULL REFERENCES evaluation (eval_key),
    PRIMARY KEY (experiment_id, variant, benchmark, draw)
);

CREATE INDEX experiment_evaluation_eval_key_idx ON experiment_evaluation (eval_key);

-- Which training run (its run_key in training_curve) made each trained role, written when the run starts: the curve
-- of a run still in progress belongs to its experiment before any artifact exists. workflow_id is the workflow that
-- started the run: an experiment, or a sweep training the experts its cells share.
CREATE TABLE training_run (
    workflow_id text NOT NULL,
    role        text NOT NULL,
    run_key     text NOT NULL,
    PRIMARY KEY (workflow_id, role)
);

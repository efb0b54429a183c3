-- Loss per optimizer step, written while training runs, before the adapter it leads to exists: hence no foreign key.
-- run_key is the recipe key of the training step.
CREATE TABLE training_curve (
    run_key           text             NOT NULL,
    step              integer          NOT NULL CHECK (step >= 0),
    loss              double precision NOT NULL,
    learning_rate     double precision NOT NULL,
    tokens_per_second double precision,
    PRIMARY KEY (run_key, step)
);

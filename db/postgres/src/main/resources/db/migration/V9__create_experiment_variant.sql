-- What each variant of an experiment runs on the base model: its kind, the recipe of its adapter, mixture or merged
-- update (null for the base model) and the top-k it routes with. Lets a reader compare variants' settings.
CREATE TABLE experiment_variant (
    experiment_id text    NOT NULL REFERENCES experiment (id),
    variant       text    NOT NULL,
    kind          text    NOT NULL,
    recipe_key    text    REFERENCES artifact_recipe (recipe_key),
    top_k         integer NOT NULL CHECK (top_k >= 0),
    PRIMARY KEY (experiment_id, variant)
);

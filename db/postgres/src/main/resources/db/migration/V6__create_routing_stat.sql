-- The router's choices during an evaluation, per layer and expert: mean gate weight, share of tokens where the expert
-- ranked first, and the tokens counted (the weight for averaging over layers).
CREATE TABLE routing_stat (
    eval_key     text             NOT NULL REFERENCES evaluation (eval_key),
    layer        integer          NOT NULL CHECK (layer >= 0),
    expert_index integer          NOT NULL CHECK (expert_index >= 0),
    expert_name  text             NOT NULL,
    mean_weight  double precision NOT NULL,
    top1_share   double precision NOT NULL,
    tokens       bigint           NOT NULL CHECK (tokens >= 0),
    PRIMARY KEY (eval_key, layer, expert_index)
);

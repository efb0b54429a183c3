-- Figure 3: how the router spreads tokens over experts on each benchmark. Layers (and draws) are averaged weighted by
-- the tokens each saw; where no tokens were counted, plainly.
CREATE VIEW routing_by_benchmark AS
SELECT ee.experiment_id,
       ee.variant,
       ee.benchmark,
       rs.expert_index,
       rs.expert_name,
       coalesce(sum(rs.mean_weight * rs.tokens) / nullif(sum(rs.tokens), 0), avg(rs.mean_weight)) AS mean_weight,
       coalesce(sum(rs.top1_share * rs.tokens) / nullif(sum(rs.tokens), 0), avg(rs.top1_share))   AS top1_share,
       sum(rs.tokens)::bigint                                                                        AS tokens
FROM experiment_evaluation ee
JOIN routing_stat rs ON rs.eval_key = ee.eval_key
GROUP BY ee.experiment_id, ee.variant, ee.benchmark, rs.expert_index, rs.expert_name;

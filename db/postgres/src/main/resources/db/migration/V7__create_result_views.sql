-- Results shaped like the paper's tables. Scores are stored as the benchmarks report them (no scaling).

-- Every linked evaluation, any benchmark, one row per draw.
CREATE VIEW results_long AS
SELECT ee.experiment_id,
       ee.variant,
       ee.benchmark,
       ee.draw,
       e.score,
       e.n,
       e.ci_low,
       e.ci_high,
       ee.eval_key
FROM experiment_evaluation ee
JOIN evaluation e ON e.eval_key = ee.eval_key;

-- One row per variant and benchmark, draws averaged: score_stddev is the spread between draws, n the items per
-- draw, and ci_low/ci_high the per-draw bootstrap intervals averaged.
CREATE VIEW paper_table_ci AS
SELECT experiment_id,
       variant,
       benchmark,
       count(*)::integer           AS draws,
       avg(score)                  AS score,
       stddev_samp(score)          AS score_stddev,
       round(avg(n))::integer      AS n,
       avg(ci_low)                 AS ci_low,
       avg(ci_high)                AS ci_high
FROM results_long
GROUP BY experiment_id, variant, benchmark;

-- Table 1's shape: a column per benchmark, and their average over those present.
CREATE VIEW paper_table AS
SELECT experiment_id,
       variant,
       mmlu,
       bbh,
       gsm8k,
       humaneval,
       (SELECT avg(present.score)
        FROM (VALUES (mmlu), (bbh), (gsm8k), (humaneval)) AS present (score)) AS average
FROM (SELECT experiment_id,
             variant,
             avg(score) FILTER (WHERE lower(benchmark) = 'mmlu')      AS mmlu,
             avg(score) FILTER (WHERE lower(benchmark) = 'bbh')       AS bbh,
             avg(score) FILTER (WHERE lower(benchmark) = 'gsm8k')     AS gsm8k,
             avg(score) FILTER (WHERE lower(benchmark) = 'humaneval') AS humaneval
      FROM paper_table_ci
      GROUP BY experiment_id, variant) AS by_variant;

-- Tables 2 and 4: the paper table of every cell of a sweep.
CREATE VIEW sweep_table AS
SELECT x.sweep_id,
       x.cell_label,
       p.experiment_id,
       p.variant,
       p.mmlu,
       p.bbh,
       p.gsm8k,
       p.humaneval,
       p.average
FROM experiment x
JOIN paper_table p ON p.experiment_id = x.id
WHERE x.sweep_id IS NOT NULL;

-- McNemar's exact two-sided test of a paired difference: of the items exactly one of two systems got right, `gained`
-- went to the first and `lost` to the second; under "no difference" each is Binomial(gained + lost, 1/2). The p-value
-- is twice the smaller tail, at most 1. Summed in log space so thousands of items neither underflow nor overflow.
CREATE FUNCTION mcnemar_exact_p(gained bigint, lost bigint) RETURNS double precision
    LANGUAGE plpgsql IMMUTABLE STRICT AS
$$
DECLARE
    n        bigint           := gained + lost;
    log_term double precision := 0; -- log C(n, i), from i = 0
    log_tail double precision := 0; -- log of C(n, 0) + .. + C(n, i)
BEGIN
    IF n = 0 THEN
        RETURN 1;
    END IF;
    FOR i IN 1 .. least(gained, lost) LOOP
        log_term := log_term + ln(n - i + 1) - ln(i);
        log_tail := greatest(log_tail, log_term) + ln(1 + exp(-abs(log_tail - log_term)));
    END LOOP;
    RETURN least(1.0, exp(ln(2.0) + log_tail - n * ln(2.0)));
END
$$;

-- Every variant against base on the items both answered (matched by item within each few-shot draw, pooled over
-- draws): what base got wrong and the variant right (gained), the reverse (lost), McNemar's p and p < 0.05. A difference
-- inside overlapping intervals is then read as what it is, and a tie shows as one.
CREATE VIEW paired_vs_base AS
SELECT experiment_id,
       variant,
       benchmark,
       paired,
       gained,
       lost,
       mcnemar_exact_p(gained, lost)        AS p,
       mcnemar_exact_p(gained, lost) < 0.05 AS significant
FROM (SELECT v.experiment_id,
             v.variant,
             v.benchmark,
             count(*)                                                  AS paired,
             count(*) FILTER (WHERE vi.correct AND NOT ri.correct) AS gained,
             count(*) FILTER (WHERE ri.correct AND NOT vi.correct) AS lost
      FROM experiment_evaluation v
               JOIN experiment_evaluation r
                    ON r.experiment_id = v.experiment_id AND r.benchmark = v.benchmark AND r.draw = v.draw
                        AND r.variant = 'base'
               JOIN evaluation_item vi ON vi.eval_key = v.eval_key
               JOIN evaluation_item ri ON ri.eval_key = r.eval_key AND ri.item_id = vi.item_id
      WHERE v.variant <> 'base'
      GROUP BY v.experiment_id, v.variant, v.benchmark) AS counts;
